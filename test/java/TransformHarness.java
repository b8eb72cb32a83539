// Differential-test harness for SMTs: runs Apache Kafka's own transformations and predicates,
// with Kafka's converters reading and writing the records, on cases read as JSON lines from stdin,
// and prints one JSON line per case (format: test/transforms/differential/transform-harness.ts).
// Run: java -Duser.timezone=UTC -cp "$(bash scripts/kafka.sh classpath)" test/java/TransformHarness.java
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

public class TransformHarness {
    static final ObjectMapper M = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    record Stage(String alias, Transformation<SinkRecord> t, Predicate<SinkRecord> p, boolean negate) {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode c = M.readTree(line);
            ObjectNode r = F.objectNode();
            r.set("id", c.get("id"));
            try {
                run(c, r);
            } catch (Throwable e) {
                r.put("fatal", e.getClass().getName() + ": " + e.getMessage());
            }
            out.println(M.writeValueAsString(r));
        }
        out.flush();
    }

    static Map<String, String> config(JsonNode c) {
        Map<String, String> m = new LinkedHashMap<>();
        c.get("config").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static Map<String, String> withPrefix(Map<String, String> m, String prefix) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : m.entrySet())
            if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
        return out;
    }

    static List<String> list(String s) {
        List<String> out = new ArrayList<>();
        if (s == null || s.trim().isEmpty()) return out;
        for (String p : s.trim().split("\\s*,\\s*", -1)) out.add(p);
        return out;
    }

    @SuppressWarnings("unchecked")
    static void run(JsonNode c, ObjectNode r) throws Exception {
        Map<String, String> cfg = config(c);
        Converter key = (Converter) Class.forName(cfg.getOrDefault("key.converter", "org.apache.kafka.connect.json.JsonConverter")).getDeclaredConstructor().newInstance();
        key.configure(withPrefix(cfg, "key.converter."), true);
        Converter value = (Converter) Class.forName(cfg.getOrDefault("value.converter", "org.apache.kafka.connect.json.JsonConverter")).getDeclaredConstructor().newInstance();
        value.configure(withPrefix(cfg, "value.converter."), false);
        HeaderConverter header = (HeaderConverter) Class.forName(cfg.getOrDefault("header.converter", "org.apache.kafka.connect.storage.SimpleHeaderConverter")).getDeclaredConstructor().newInstance();
        Map<String, String> hc = withPrefix(cfg, "header.converter.");
        header.configure(hc);

        // Config checks as ConnectorConfig does them: each plugin's ConfigDef embedded under its prefix.
        List<String> problems = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Map<String, String[]> predicateTypes = new HashMap<>();
        for (String alias : list(cfg.get("predicates"))) {
            String prefix = "predicates." + alias + ".";
            predicateTypes.put(alias, new String[] {cfg.get(prefix + "type")});
        }
        for (String alias : list(cfg.get("transforms"))) {
            String prefix = "transforms." + alias + ".";
            Transformation<SinkRecord> t;
            try {
                t = (Transformation<SinkRecord>) Class.forName(cfg.get(prefix + "type")).getDeclaredConstructor().newInstance();
            } catch (Exception e) {
                problems.add("load " + prefix + "type: " + e);
                continue;
            }
            Map<String, String> own = withPrefix(cfg, prefix);
            String predicateAlias = own.remove("predicate");
            String negate = own.remove("negate");
            own.remove("type");
            int before = problems.size();
            validate(t.config(), prefix, own, problems);
            Predicate<SinkRecord> p = null;
            if (predicateAlias != null) {
                String pprefix = "predicates." + predicateAlias + ".";
                p = (Predicate<SinkRecord>) Class.forName(cfg.get(pprefix + "type")).getDeclaredConstructor().newInstance();
                Map<String, String> pown = withPrefix(cfg, pprefix);
                pown.remove("type");
                validate(p.config(), pprefix, pown, problems);
                if (problems.size() == before) {
                    try {
                        p.configure(pown);
                    } catch (Exception e) {
                        problems.add(e.getMessage());
                    }
                }
            }
            if (problems.size() == before) {
                try {
                    t.configure(own);
                } catch (Exception e) {
                    problems.add(e.getMessage());
                }
            }
            stages.add(new Stage(alias, t, p, Boolean.parseBoolean(negate)));
        }
        if (!problems.isEmpty()) {
            ArrayNode a = r.putArray("configErrors");
            for (String p : problems) a.add(p);
            return;
        }
        ArrayNode results = r.putArray("results");
        int offsetCounter = 0;
        for (JsonNode rec : c.get("records")) {
            results.add(one(rec, key, value, header, stages, offsetCounter++));
        }
    }

    static void validate(ConfigDef def, String prefix, Map<String, String> own, List<String> problems) {
        ConfigDef embedded = new ConfigDef();
        embedded.embed(prefix, "plugin", 0, def);
        Map<String, String> prefixed = new HashMap<>();
        for (Map.Entry<String, String> e : own.entrySet()) prefixed.put(prefix + e.getKey(), e.getValue());
        for (ConfigValue v : embedded.validate(prefixed)) problems.addAll(v.errorMessages());
    }

    static byte[] bytes(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isTextual()) return n.asText().getBytes(StandardCharsets.UTF_8);
        return Base64.getDecoder().decode(n.get("base64").asText());
    }

    static JsonNode text(byte[] b) {
        if (b == null) return F.nullNode();
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b)).toString();
            return F.textNode(s);
        } catch (CharacterCodingException e) {
            ObjectNode o = F.objectNode();
            o.put("base64", Base64.getEncoder().encodeToString(b));
            return o;
        }
    }

    static ObjectNode error(String stage, Throwable e) {
        ObjectNode o = F.objectNode();
        ObjectNode err = o.putObject("error");
        err.put("stage", stage);
        err.put("message", String.valueOf(e.getMessage()));
        err.put("cls", e.getClass().getName());
        return o;
    }

    static ObjectNode one(JsonNode rec, Converter key, Converter value, HeaderConverter header, List<Stage> stages, int n) {
        String topic = rec.path("topic").asText("topic");
        int partition = rec.path("partition").asInt(0);
        long offset = rec.path("offset").asLong(0);
        Long timestamp = rec.has("timestamp") && !rec.get("timestamp").isNull() ? rec.get("timestamp").asLong() : null;
        ConnectHeaders headers = new ConnectHeaders();
        try {
            if (rec.has("headers")) for (JsonNode h : rec.get("headers")) {
                String k = h.get("key").asText();
                headers.add(k, header.toConnectHeader(topic, k, bytes(h.get("value"))));
            }
        } catch (Throwable e) {
            return error("HEADER_CONVERTER", e);
        }
        SchemaAndValue k, v;
        try {
            k = key.toConnectData(topic, bytes(rec.get("key")));
        } catch (Throwable e) {
            return error("KEY_CONVERTER", e);
        }
        try {
            v = value.toConnectData(topic, bytes(rec.get("value")));
        } catch (Throwable e) {
            return error("VALUE_CONVERTER", e);
        }
        SinkRecord record = new SinkRecord(topic, partition, k.schema(), k.value(), v.schema(), v.value(), offset, timestamp,
            org.apache.kafka.common.record.TimestampType.CREATE_TIME, headers);
        for (Stage s : stages) {
            try {
                if (s.p() != null && s.negate() == s.p().test(record)) continue;
                record = s.t().apply(record);
            } catch (Throwable e) {
                ObjectNode o = error("TRANSFORMATION", e);
                ((ObjectNode) o.get("error")).put("alias", s.alias());
                return o;
            }
            if (record == null) {
                ObjectNode o = F.objectNode();
                o.put("dropped", true);
                return o;
            }
        }
        ObjectNode o = F.objectNode();
        o.put("topic", record.topic());
        o.put("partition", record.kafkaPartition());
        o.put("offset", record.kafkaOffset());
        if (record.timestamp() == null) o.putNull("timestamp");
        else o.put("timestamp", record.timestamp());
        try {
            o.set("key", text(key.fromConnectData(record.topic(), record.keySchema(), record.key())));
        } catch (Throwable e) {
            return error("KEY_CONVERTER", e);
        }
        try {
            o.set("value", text(value.fromConnectData(record.topic(), record.valueSchema(), record.value())));
        } catch (Throwable e) {
            return error("VALUE_CONVERTER", e);
        }
        ArrayNode hs = o.putArray("headers");
        try {
            for (Header h : record.headers()) {
                ObjectNode ho = hs.addObject();
                ho.put("key", h.key());
                ho.set("value", text(header.fromConnectHeader(record.topic(), h.key(), h.schema(), h.value())));
            }
        } catch (Throwable e) {
            return error("HEADER_CONVERTER", e);
        }
        return o;
    }
}
