import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Loads each file named on the command line with java.util.Properties.load(InputStream) and prints
 * one JSON line per file: {"values":{key:value,...}} sorted by key, or {"error":"..."} when Java
 * rejects the file. Output is pure ASCII: every char outside 0x20..0x7e is a \\uXXXX escape, so
 * the comparison with ts-connect's reader is unambiguous.
 *
 * Run: java test/java/PropertiesDump.java file1.properties [file2 ...]
 */
public class PropertiesDump {
  public static void main(String[] args) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String file : args) {
      Properties props = new Properties();
      try (InputStream in = new FileInputStream(file)) {
        props.load(in);
      } catch (IllegalArgumentException e) {
        out.append("{\"error\":").append(quote(e.getMessage())).append("}\n");
        continue;
      }
      TreeMap<String, String> sorted = new TreeMap<>();
      for (String name : props.stringPropertyNames()) sorted.put(name, props.getProperty(name));
      out.append("{\"values\":{");
      boolean first = true;
      for (var e : sorted.entrySet()) {
        if (!first) out.append(',');
        first = false;
        out.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
      }
      out.append("}}\n");
    }
    System.out.print(out);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
