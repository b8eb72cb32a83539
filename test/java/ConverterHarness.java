// Differential-test harness: runs Apache Kafka's own converters on cases read as JSON lines
// from stdin and prints one JSON line per case (format: test/converters/differential/kafka-harness.ts).
// Run: java -Duser.timezone=UTC -cp "$(bash scripts/kafka.sh classpath)" test/java/ConverterHarness.java
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

public class ConverterHarness {
    static final ObjectMapper M = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

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
                r.removeAll();
                r.set("id", c.get("id"));
                r.put("error", String.valueOf(e.getMessage()));
                r.put("cls", e.getClass().getSimpleName());
            }
            out.println(M.writeValueAsString(r));
        }
        out.flush();
    }

    static Map<String, String> config(JsonNode c) {
        Map<String, String> m = new HashMap<>();
        if (c.has("config")) c.get("config").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static void run(JsonNode c, ObjectNode r) throws Exception {
        if (c.get("op").asText().equals("validate")) {
            // The data model alone: build the schema and value (Struct.put validates) and validate.
            Schema schema = schema(c.get("schema"));
            org.apache.kafka.connect.data.ConnectSchema.validateValue(schema, value(schema, c.get("value")));
            r.put("ok", true);
            return;
        }
        Object conv = Class.forName(c.get("conv").asText()).getDeclaredConstructor().newInstance();
        boolean header = c.has("header");
        Map<String, String> cfg = config(c);
        if (header) ((HeaderConverter) conv).configure(cfg);
        else ((Converter) conv).configure(cfg, c.path("isKey").asBoolean(false));
        String topic = "topic";
        String op = c.get("op").asText();
        if (op.equals("from")) {
            Schema schema = schema(c.get("schema"));
            Object value = value(schema, c.get("value"));
            byte[] bytes = header
                ? ((HeaderConverter) conv).fromConnectHeader(topic, c.get("header").asText(), schema, value)
                : ((Converter) conv).fromConnectData(topic, schema, value);
            if (bytes == null) r.putNull("bytes");
            else r.put("bytes", Base64.getEncoder().encodeToString(bytes));
        } else if (op.equals("rt")) {
            // Read bytes and write them back with the same converter: Kafka's own round trip.
            byte[] bytes = Base64.getDecoder().decode(c.get("bytes").asText());
            SchemaAndValue sv = ((Converter) conv).toConnectData(topic, bytes);
            byte[] back = ((Converter) conv).fromConnectData(topic, sv.schema(), sv.value());
            if (back == null) r.putNull("bytes");
            else r.put("bytes", Base64.getEncoder().encodeToString(back));
        } else {
            JsonNode b = c.get("bytes");
            byte[] bytes = b == null || b.isNull() ? null : Base64.getDecoder().decode(b.asText());
            SchemaAndValue sv = header
                ? ((HeaderConverter) conv).toConnectHeader(topic, c.get("header").asText(), bytes)
                : ((Converter) conv).toConnectData(topic, bytes);
            r.set("schema", sv == null ? F.nullNode() : describeSchema(sv.schema()));
            r.set("value", sv == null ? F.nullNode() : describe(sv.value()));
        }
    }

    // ---- building Connect schemas and values from the case description

    static Schema schema(JsonNode s) {
        if (s == null || s.isNull()) return null;
        return builder(s).build();
    }

    static SchemaBuilder builder(JsonNode s) {
        String type = s.get("type").asText();
        SchemaBuilder b;
        switch (type) {
            case "ARRAY": b = SchemaBuilder.array(schema(s.get("items"))); break;
            case "MAP": b = SchemaBuilder.map(schema(s.get("keys")), schema(s.get("values"))); break;
            case "STRUCT":
                b = SchemaBuilder.struct();
                for (JsonNode f : s.get("fields")) b.field(f.get(0).asText(), schema(f.get(1)));
                break;
            default: b = SchemaBuilder.type(Schema.Type.valueOf(type));
        }
        if (s.path("optional").asBoolean(false)) b.optional();
        if (s.hasNonNull("name")) b.name(s.get("name").asText());
        if (s.hasNonNull("version")) b.version(s.get("version").asInt());
        if (s.hasNonNull("doc")) b.doc(s.get("doc").asText());
        if (s.hasNonNull("params")) for (JsonNode p : s.get("params")) b.parameter(p.get(0).asText(), p.get(1).asText());
        if (s.hasNonNull("default")) b.defaultValue(value(b.build(), s.get("default")));
        return b;
    }

    static Object value(Schema schema, JsonNode v) {
        if (v == null || v.isNull()) return null;
        String t = v.get("t").asText();
        JsonNode x = v.get("v");
        switch (t) {
            case "int8": return (byte) x.asInt();
            case "int16": return (short) x.asInt();
            case "int32": return x.asInt();
            case "int64": return Long.parseLong(x.asText());
            case "float32": return Float.parseFloat(x.asText());
            case "float64": return Double.parseDouble(x.asText());
            case "boolean": return x.asBoolean();
            case "string": return x.asText();
            case "bytes": return Base64.getDecoder().decode(x.asText());
            case "decimal": return new BigDecimal(x.asText());
            case "date": return new java.util.Date(x.asLong());
            case "array": {
                List<Object> l = new ArrayList<>();
                Schema es = schema == null ? null : schema.valueSchema();
                for (JsonNode e : x) l.add(value(es, e));
                return l;
            }
            case "map": {
                Map<Object, Object> m = new LinkedHashMap<>();
                Schema ks = schema == null ? null : schema.keySchema();
                Schema vs = schema == null ? null : schema.valueSchema();
                for (JsonNode e : x) m.put(value(ks, e.get(0)), value(vs, e.get(1)));
                return m;
            }
            case "struct": {
                Struct s = new Struct(schema);
                for (JsonNode e : x) {
                    String name = e.get(0).asText();
                    s.put(name, value(schema.field(name).schema(), e.get(1)));
                }
                return s;
            }
            default: throw new IllegalArgumentException("unknown typed value " + t);
        }
    }

    // ---- describing Connect schemas and values canonically

    static JsonNode describeSchema(Schema s) {
        if (s == null) return F.nullNode();
        ObjectNode o = F.objectNode();
        o.put("type", s.type().name());
        o.put("optional", s.isOptional());
        o.put("name", s.name());
        if (s.version() == null) o.putNull("version"); else o.put("version", s.version());
        o.put("doc", s.doc());
        if (s.parameters() == null) o.putNull("params");
        else {
            ArrayNode p = o.putArray("params");
            s.parameters().forEach((k, v) -> p.add(F.arrayNode().add(k).add(v)));
        }
        o.set("default", describe(s.defaultValue()));
        o.set("items", s.type() == Schema.Type.ARRAY || s.type() == Schema.Type.MAP ? describeSchema(s.valueSchema()) : F.nullNode());
        o.set("keys", s.type() == Schema.Type.MAP ? describeSchema(s.keySchema()) : F.nullNode());
        if (s.type() == Schema.Type.STRUCT) {
            ArrayNode fs = o.putArray("fields");
            for (Field f : s.fields()) fs.add(F.arrayNode().add(f.name()).add(describeSchema(f.schema())));
        } else o.putNull("fields");
        return o;
    }

    static JsonNode describe(Object v) {
        if (v == null) return F.nullNode();
        ObjectNode o = F.objectNode();
        if (v instanceof Byte) o.put("t", "int8").put("v", (Byte) v);
        else if (v instanceof Short) o.put("t", "int16").put("v", (Short) v);
        else if (v instanceof Integer) o.put("t", "int32").put("v", (Integer) v);
        else if (v instanceof Long) o.put("t", "int64").put("v", v.toString());
        else if (v instanceof Float) o.put("t", "float32").put("v", Integer.toHexString(Float.floatToRawIntBits((Float) v)));
        else if (v instanceof Double) o.put("t", "float64").put("v", Long.toHexString(Double.doubleToRawLongBits((Double) v)));
        else if (v instanceof Boolean) o.put("t", "boolean").put("v", (Boolean) v);
        else if (v instanceof String) o.put("t", "string").put("v", (String) v);
        else if (v instanceof byte[]) o.put("t", "bytes").put("v", Base64.getEncoder().encodeToString((byte[]) v));
        else if (v instanceof ByteBuffer) {
            ByteBuffer bb = ((ByteBuffer) v).duplicate();
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            o.put("t", "bytes").put("v", Base64.getEncoder().encodeToString(b));
        } else if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            o.put("t", "decimal").put("v", d.unscaledValue().toString()).put("s", d.scale());
        } else if (v instanceof java.util.Date) o.put("t", "date").put("v", ((java.util.Date) v).getTime());
        else if (v instanceof List) {
            ArrayNode a = F.arrayNode();
            for (Object e : (List<?>) v) a.add(describe(e));
            o.put("t", "array").set("v", a);
        } else if (v instanceof Map) {
            List<ArrayNode> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) entries.add(F.arrayNode().add(describe(e.getKey())).add(describe(e.getValue())));
            entries.sort((a, b) -> a.get(0).toString().compareTo(b.get(0).toString()));
            ArrayNode a = F.arrayNode();
            entries.forEach(a::add);
            o.put("t", "map").set("v", a);
        } else if (v instanceof Struct) {
            Struct s = (Struct) v;
            ArrayNode a = F.arrayNode();
            for (Field f : s.schema().fields()) a.add(F.arrayNode().add(f.name()).add(describe(s.getWithoutDefault(f.name()))));
            o.put("t", "struct").set("v", a);
        } else o.put("t", "unknown:" + v.getClass().getName()).put("v", v.toString());
        return o;
    }
}
