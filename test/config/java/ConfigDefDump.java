import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Asks Kafka's own config classes what ts-connect's config definitions must reproduce. One JSON
 * line per answer, ASCII only. Needs `bash scripts/kafka.sh classpath` on -cp.
 *
 *   keys worker|connector|source|sink       every definition: name, type, default, importance
 *   validate worker|connector|source|sink F... every error ConfigDef.validate (and, for sinks,
 *                                            SinkConnectorConfig.validate) gives for each file
 *                                            (its index in "file")
 *   connector-file F...                       ConnectStandalone.parseConnectorConfigurationFile for
 *                                            each file: {name, config, initialState} or {error}
 *   plugins NAME...                           every plugin Kafka finds on the classpath, by kind, then
 *                                            what Plugins.pluginClass / connectorClass make of each
 *                                            NAME and of every plugin's class, simple and pruned name
 *   worker-resolve F...                       new StandaloneConfig(F's properties).originalsStrings()
 *                                            (config provider variables resolved), or {error}
 *   parse                                     stdin lines "TYPE<TAB>raw value": ConfigDef.parseType's
 *                                            result (convertToString) or its error message
 *   validators                                stdin lines "validator<TAB>raw value" (see below)
 */
public class ConfigDefDump {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "keys" -> keys(def(args[1]));
      case "validate" -> {
        for (int i = 2; i < args.length; i++) validate(args[1], load(args[i]), i - 2);
      }
      case "parse" -> parse();
      case "worker-resolve" -> {
        for (int i = 1; i < args.length; i++) workerResolve(load(args[i]));
      }
      case "plugins" -> plugins(java.util.Arrays.copyOfRange(args, 1, args.length));
      case "connector-file" -> connectorFiles(java.util.Arrays.copyOfRange(args, 1, args.length));
      case "validators" -> validators();
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static ConfigDef def(String which) throws Exception {
    return switch (which) {
      case "worker" -> {
        Class<?> c = Class.forName("org.apache.kafka.connect.runtime.standalone.StandaloneConfig");
        Field f = c.getDeclaredField("CONFIG");
        f.setAccessible(true);
        yield (ConfigDef) f.get(null);
      }
      case "connector" -> org.apache.kafka.connect.runtime.ConnectorConfig.configDef();
      case "source" -> org.apache.kafka.connect.runtime.SourceConnectorConfig.configDef();
      case "sink" -> org.apache.kafka.connect.runtime.SinkConnectorConfig.configDef();
      default -> throw new IllegalArgumentException(which);
    };
  }

  static Map<String, String> load(String file) throws Exception {
    Properties p = new Properties();
    try (InputStream in = new FileInputStream(file)) {
      p.load(in);
    }
    Map<String, String> m = new HashMap<>();
    for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
    return m;
  }

  static void keys(ConfigDef def) {
    StringBuilder b = new StringBuilder();
    for (ConfigDef.ConfigKey k : def.configKeys().values()) {
      b.append("{\"name\":").append(q(k.name));
      b.append(",\"type\":").append(q(k.type.name()));
      b.append(",\"required\":").append(!k.hasDefault());
      String d = k.hasDefault() ? ConfigDef.convertToString(k.defaultValue, k.type) : null;
      if (k.type == ConfigDef.Type.PASSWORD && k.defaultValue != null && k.hasDefault()) d = "[hidden]";
      b.append(",\"default\":").append(d == null ? "null" : q(d));
      b.append(",\"importance\":").append(q(k.importance.name()));
      b.append(",\"group\":").append(k.group == null ? "null" : q(k.group));
      b.append("}\n");
    }
    System.out.print(b);
  }

  static void validate(String which, Map<String, String> props, int file) throws Exception {
    ConfigDef def = def(which);
    Map<String, ConfigValue> values = def.validateAll(props);
    if (which.equals("sink")) {
      org.apache.kafka.connect.runtime.SinkConnectorConfig.validate(props, values);
    }
    StringBuilder b = new StringBuilder();
    for (ConfigValue v : values.values()) {
      for (String m : v.errorMessages()) {
        b.append("{\"file\":").append(file).append(",\"key\":").append(q(v.name())).append(",\"message\":").append(q(m)).append("}\n");
      }
    }
    System.out.print(b);
  }

  static void connectorFiles(String[] files) throws Exception {
    Class<?> c = Class.forName("org.apache.kafka.connect.cli.ConnectStandalone");
    Object cli = c.getConstructor(String[].class).newInstance((Object) new String[0]);
    java.lang.reflect.Method m = c.getDeclaredMethod("parseConnectorConfigurationFile", String.class);
    m.setAccessible(true);
    StringBuilder b = new StringBuilder();
    for (String file : files) {
      try {
        org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest r =
            (org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest) m.invoke(cli, file);
        b.append("{\"name\":").append(r.name() == null ? "null" : q(r.name()));
        b.append(",\"initialState\":").append(r.initialState() == null ? "null" : q(r.initialState().name()));
        b.append(",\"config\":{");
        boolean first = true;
        for (var e : new java.util.TreeMap<>(r.config()).entrySet()) {
          if (!first) b.append(',');
          first = false;
          b.append(q(e.getKey())).append(':').append(e.getValue() == null ? "null" : q(e.getValue()));
        }
        b.append("}}\n");
      } catch (java.lang.reflect.InvocationTargetException e) {
        Throwable t = e.getCause();
        b.append("{\"error\":").append(q(t.getClass().getSimpleName() + ": " + t.getMessage())).append("}\n");
      }
    }
    System.out.print(b);
  }

  static void plugins(String[] extraNames) throws Exception {
    var plugins = new org.apache.kafka.connect.runtime.isolation.Plugins(new HashMap<>());
    StringBuilder b = new StringBuilder();
    java.util.Set<String> names = new java.util.TreeSet<>(java.util.Arrays.asList(extraNames));
    java.util.function.BiConsumer<String, java.util.Collection<? extends org.apache.kafka.connect.runtime.isolation.PluginDesc<?>>> list =
        (kind, descs) -> descs.forEach(d -> {
          b.append("{\"kind\":").append(q(kind)).append(",\"className\":").append(q(d.className())).append("}\n");
          names.add(d.className());
          names.add(org.apache.kafka.connect.runtime.isolation.PluginUtils.simpleName(d));
          names.add(org.apache.kafka.connect.runtime.isolation.PluginUtils.prunedName(d));
        });
    list.accept("connector", plugins.sinkConnectors());
    list.accept("connector", plugins.sourceConnectors());
    list.accept("converter", plugins.converters());
    list.accept("header-converter", plugins.headerConverters());
    list.accept("transformation", plugins.transformations());
    list.accept("predicate", plugins.predicates());
    list.accept("override-policy", plugins.connectorClientConfigPolicies());
    for (String name : names) {
      String resolved;
      try {
        resolved = plugins.pluginClass(name).getName();
      } catch (ClassNotFoundException e) {
        resolved = null;
      }
      String connector;
      try {
        connector = plugins.connectorClass(name).getName();
      } catch (Exception e) {
        connector = null;
      }
      b.append("{\"name\":").append(q(name)).append(",\"resolved\":").append(resolved == null ? "null" : q(resolved));
      b.append(",\"connector\":").append(connector == null ? "null" : q(connector)).append("}\n");
    }
    System.out.print(b);
  }

  static void workerResolve(Map<String, String> props) {
    StringBuilder b = new StringBuilder();
    try {
      var config = new org.apache.kafka.connect.runtime.standalone.StandaloneConfig(props);
      b.append("{\"values\":{");
      boolean first = true;
      for (var e : new java.util.TreeMap<>(config.originalsStrings()).entrySet()) {
        if (!first) b.append(',');
        first = false;
        b.append(q(e.getKey())).append(':').append(q(e.getValue()));
      }
      b.append("}}\n");
    } catch (RuntimeException e) {
      b.append("{\"error\":").append(q(e.getClass().getSimpleName() + ": " + e.getMessage())).append("}\n");
    }
    System.out.print(b);
  }

  static void parse() throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder b = new StringBuilder();
    for (String line; (line = r.readLine()) != null; ) {
      String[] parts = line.split("\t", 2);
      ConfigDef.Type type = ConfigDef.Type.valueOf(parts[0]);
      String raw = unescape(parts[1]);
      try {
        Object v = ConfigDef.parseType("k", raw, type);
        String s = type == ConfigDef.Type.PASSWORD ? ((org.apache.kafka.common.config.types.Password) v).value()
            : type == ConfigDef.Type.LIST ? String.join("\u0001", (List<String>) v) + "|" + ((List<?>) v).size()
            : String.valueOf(v);
        b.append("{\"value\":").append(q(s)).append("}\n");
      } catch (ConfigException e) {
        b.append("{\"error\":").append(q(e.getMessage())).append("}\n");
      }
    }
    System.out.print(b);
  }

  /** Validators the connector and worker definitions use, by the names the test gives them. */
  static void validators() throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder b = new StringBuilder();
    for (String line; (line = r.readLine()) != null; ) {
      String[] parts = line.split("\t", 2);
      String raw = unescape(parts[1]);
      ConfigDef.Type type;
      ConfigDef.Validator v;
      switch (parts[0]) {
        case "atLeast1" -> { type = ConfigDef.Type.INT; v = ConfigDef.Range.atLeast(1); }
        case "between0and10" -> { type = ConfigDef.Type.INT; v = ConfigDef.Range.between(0, 10); }
        case "inNoneAll" -> { type = ConfigDef.Type.STRING; v = ConfigDef.ValidString.in("none", "all"); }
        case "inCaseInsensitive" -> {
          type = ConfigDef.Type.STRING;
          v = ConfigDef.CaseInsensitiveValidString.in("INFO", "DEBUG");
        }
        case "nonEmptyString" -> { type = ConfigDef.Type.STRING; v = new ConfigDef.NonEmptyString(); }
        case "nonEmptyNoControl" -> {
          type = ConfigDef.Type.STRING;
          v = new ConfigDef.NonEmptyStringWithoutControlChars();
        }
        case "nonNull" -> { type = ConfigDef.Type.STRING; v = new ConfigDef.NonNullValidator(); }
        default -> throw new IllegalArgumentException(parts[0]);
      }
      ConfigDef def = new ConfigDef().define("k", type, ConfigDef.NO_DEFAULT_VALUE, v, ConfigDef.Importance.HIGH, "");
      Map<String, String> props = new HashMap<>();
      if (!raw.equals("<absent>")) props.put("k", raw);
      List<String> errors = new ArrayList<>(def.validateAll(props).get("k").errorMessages());
      b.append("{\"errors\":[");
      for (int i = 0; i < errors.size(); i++) b.append(i == 0 ? "" : ",").append(q(errors.get(i)));
      b.append("]}\n");
    }
    System.out.print(b);
  }

  /** The test escapes tabs, newlines and backslashes in raw values as \t, \n, \\. */
  static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'u' ? (char) Integer.parseInt(s.substring(i + 1, (i += 4) + 1), 16) : n);
      } else b.append(c);
    }
    return b.toString();
  }

  static String q(String s) {
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
