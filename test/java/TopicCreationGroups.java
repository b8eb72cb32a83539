import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.util.TopicCreation;

/**
 * Prints the NewTopic Kafka's TopicCreation picks for each topic named in args, for the
 * connector config read as key=value lines from stdin (worker: topic.creation.enable=true).
 * Output per topic: name|partitions|replicationFactor|sorted configs, or name|none.
 */
public class TopicCreationGroups {
  public static void main(String[] args) throws Exception {
    Map<String, String> props = new HashMap<>();
    for (String line : new String(System.in.readAllBytes(), "UTF-8").split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) props.put(line.substring(0, eq), line.substring(eq + 1));
    }
    Map<String, String> worker = new HashMap<>();
    worker.put("bootstrap.servers", "localhost:9092");
    worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("offset.storage.file.filename", "/tmp/unused.offsets");
    SourceConnectorConfig config = new SourceConnectorConfig(null, props, true);
    TopicCreation tc = TopicCreation.newTopicCreation(new StandaloneConfig(worker),
        org.apache.kafka.connect.util.TopicCreationGroup.configuredGroups(config));
    for (String topic : args) {
      NewTopic t = tc.findFirstGroup(topic).newTopic(topic);
      System.out.println(topic + "|" + t.numPartitions() + "|" + t.replicationFactor() + "|"
          + new java.util.TreeMap<>(t.configs()));
    }
  }
}
