// Raw records in and out of a topic with Apache Kafka's own Java clients, so a test can put bytes on
// a topic and read them back without going through kafkajs (which ts-connect uses). One JSON line
// per record: {"key":b64|null,"value":b64|null,"timestamp":ms,"headers":[[key,b64|null],...]},
// plus "partition" and "offset" when reading.
//   write <bootstrap> <topic>   records from stdin, in order, to partition 0; prints nothing
//   read <bootstrap> <topic>    every record up to the end offsets, by partition then offset
// Run: java -cp "$(bash scripts/kafka.sh classpath)" test/java/TopicBytes.java read 127.0.0.1:39092 t
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class TopicBytes {
    static final ObjectMapper M = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        String topic = args[2];
        if (args[0].equals("write")) write(bootstrap, topic);
        else read(bootstrap, topic);
    }

    static byte[] bytes(JsonNode n) {
        return n == null || n.isNull() ? null : Base64.getDecoder().decode(n.asText());
    }

    static String b64(byte[] b) {
        return b == null ? null : Base64.getEncoder().encodeToString(b);
    }

    static void write(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "false");
        p.put("max.in.flight.requests.per.connection", "1");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode r = M.readTree(line);
                RecordHeaders headers = new RecordHeaders();
                for (JsonNode h : r.path("headers")) headers.add(h.get(0).asText(), bytes(h.get(1)));
                Long ts = r.hasNonNull("timestamp") ? r.get("timestamp").asLong() : null;
                producer.send(new ProducerRecord<>(topic, 0, ts, bytes(r.get("key")), bytes(r.get("value")), headers));
            }
            producer.flush();
        }
    }

    static void read(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.auto.commit", "false");
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) tps.add(new TopicPartition(topic, info.partition()));
            tps.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("not at the end offsets after 60 s");
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) records.add(r);
            }
            records.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                ObjectNode o = M.createObjectNode();
                o.put("partition", r.partition());
                o.put("offset", r.offset());
                o.put("timestamp", r.timestamp());
                o.put("key", b64(r.key()));
                o.put("value", b64(r.value()));
                ArrayNode hs = o.putArray("headers");
                for (Header h : r.headers()) hs.add(M.createArrayNode().add(h.key()).add(b64(h.value())));
                out.println(M.writeValueAsString(o));
            }
        }
        out.flush();
    }
}
