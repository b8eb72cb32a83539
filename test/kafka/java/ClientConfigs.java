import java.lang.reflect.Method;
import java.util.*;
import org.apache.kafka.connect.connector.policy.*;
import org.apache.kafka.connect.health.ConnectorType;
import org.apache.kafka.connect.runtime.*;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.file.FileStreamSinkConnector;

/**
 * Prints Kafka Connect's producer/consumer/admin configs for a task, from Worker's own
 * (package-private) methods. Input on stdin: lines "W key=value" (worker), "C key=value"
 * (connector), then a line "END"; repeated per case. Output per case: "producer|consumer|admin
 * key=value" lines sorted, or "ERROR <kind> <message>", then "END".
 */
public class ClientConfigs {
  public static void main(String[] args) throws Exception {
    Scanner in = new Scanner(System.in, "UTF-8");
    Map<String, String> worker = new HashMap<>();
    Map<String, String> conn = new HashMap<>();
    while (in.hasNextLine()) {
      String line = in.nextLine();
      if (line.equals("END")) {
        run(worker, conn);
        worker = new HashMap<>();
        conn = new HashMap<>();
        continue;
      }
      String kv = line.substring(2);
      int eq = kv.indexOf('=');
      (line.startsWith("W ") ? worker : conn).put(kv.substring(0, eq), kv.substring(eq + 1));
    }
  }

  static ConnectorClientConfigOverridePolicy policy(String name) {
    switch (name) {
      case "None": return new NoneConnectorClientConfigOverridePolicy();
      case "Principal": return new PrincipalConnectorClientConfigOverridePolicy();
      default: return new AllConnectorClientConfigOverridePolicy();
    }
  }

  static void run(Map<String, String> worker, Map<String, String> conn) throws Exception {
    StandaloneConfig wc = new StandaloneConfig(worker);
    ConnectorClientConfigOverridePolicy policy =
        policy(worker.getOrDefault("connector.client.config.override.policy", "All"));
    SinkConnectorConfig cc = new SinkConnectorConfig(null, conn);
    String name = conn.get("name");
    for (String kind : new String[] {"producer", "consumer", "admin"}) {
      try {
        Map<String, Object> out;
        if (kind.equals("producer")) {
          Method m = Worker.class.getDeclaredMethod("baseProducerConfigs", String.class, String.class,
              WorkerConfig.class, ConnectorConfig.class, Class.class, ConnectorClientConfigOverridePolicy.class, String.class);
          m.setAccessible(true);
          out = (Map<String, Object>) m.invoke(null, name, "connector-producer-" + name + "-0", wc, cc, FileStreamSinkConnector.class, policy, "cluster");
        } else {
          Method m = Worker.class.getDeclaredMethod(kind.equals("consumer") ? "baseConsumerConfigs" : "adminConfigs", String.class, String.class,
              WorkerConfig.class, ConnectorConfig.class, Class.class, ConnectorClientConfigOverridePolicy.class, String.class, ConnectorType.class);
          m.setAccessible(true);
          String id = kind.equals("consumer") ? "connector-consumer-" + name + "-0" : "connector-adminclient-" + name + "-0";
          out = (Map<String, Object>) m.invoke(null, name, id, wc, cc, FileStreamSinkConnector.class, policy, "cluster", ConnectorType.SINK);
        }
        TreeMap<String, Object> sorted = new TreeMap<>(out);
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
          if (e.getKey().startsWith("metrics.context.")) continue;
          Object v = e.getValue();
          String s = v instanceof List ? String.join(",", ((List<?>) v).stream().map(String::valueOf).toList())
              : v instanceof Class ? ((Class<?>) v).getName() : String.valueOf(v);
          System.out.println(kind + " " + e.getKey() + "=" + s);
        }
      } catch (java.lang.reflect.InvocationTargetException e) {
        System.out.println("ERROR " + kind + " " + e.getCause().getMessage().replace('\n', ' '));
      }
    }
    System.out.println("END");
  }
}
