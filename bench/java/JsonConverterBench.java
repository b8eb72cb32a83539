// Apache Kafka's JsonConverter on the record of bench/json-converter.bench.ts (same schema, same
// values), for a side-by-side figure: records per second serializing and deserializing, with and
// without schemas, median of BENCH_ROUNDS (12) interleaved rounds of BENCH_RECORDS (50000) records each
// after a warm-up.
// Run: java -cp "$(bash scripts/kafka.sh classpath)" bench/java/JsonConverterBench.java
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;

public class JsonConverterBench {
    static final Schema ADDRESS = SchemaBuilder.struct().name("com.example.Address")
        .field("street", Schema.STRING_SCHEMA)
        .field("city", Schema.STRING_SCHEMA)
        .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
        .build();
    static final Schema ORDER = SchemaBuilder.struct().name("com.example.Order")
        .field("id", Schema.INT64_SCHEMA)
        .field("customer", Schema.STRING_SCHEMA)
        .field("email", Schema.OPTIONAL_STRING_SCHEMA)
        .field("quantity", Schema.INT32_SCHEMA)
        .field("price", Schema.FLOAT64_SCHEMA)
        .field("discount", Schema.FLOAT32_SCHEMA)
        .field("paid", Schema.BOOLEAN_SCHEMA)
        .field("createdAt", Timestamp.SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
        .field("address", ADDRESS)
        .build();

    static Struct record(int i) {
        return new Struct(ORDER)
            .put("id", 1_000_000L + i)
            .put("customer", "Customer " + (i % 997) + " Ölçü")
            .put("email", "user" + i + "@example.com")
            .put("quantity", (i % 50) + 1)
            .put("price", Math.round((19.99 + (i % 100) * 0.25) * 100) / 100.0)
            .put("discount", 0.1f)
            .put("paid", i % 3 == 0)
            .put("createdAt", new Date(1_700_000_000_000L + i * 1000L))
            .put("tags", List.of("new", "priority", "batch-" + (i % 10)))
            .put("address", new Struct(ADDRESS)
                .put("street", i + " Main Street")
                .put("city", "Springfield")
                .put("zip", "12345"));
    }

    static JsonConverter converter(boolean schemas) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);
        return c;
    }

    static volatile Object sink;

    static double measure(int n, IntConsumer fn) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) fn.accept(i);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_RECORDS", "50000"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "12"));
        Struct[] records = new Struct[1000];
        for (int i = 0; i < records.length; i++) records[i] = record(i);
        Map<String, IntConsumer> combos = new LinkedHashMap<>();
        for (boolean schemas : new boolean[] {true, false}) {
            JsonConverter conv = converter(schemas);
            String tag = schemas ? "with schemas   " : "without schemas";
            combos.put("serialize   " + tag, i -> sink = conv.fromConnectData("t", ORDER, records[i % 1000]));
            byte[][] bytes = new byte[1000][];
            for (int i = 0; i < 1000; i++) bytes[i] = conv.fromConnectData("t", ORDER, records[i]);
            System.out.println(tag + ": record size " + bytes[0].length + " bytes");
            if (System.getenv("BENCH_SHOW") != null) System.out.println(new String(bytes[1], java.nio.charset.StandardCharsets.UTF_8));
            JsonConverter reader = converter(schemas);
            combos.put("deserialize " + tag, i -> sink = reader.toConnectData("t", bytes[i % 1000]));
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (String k : combos.keySet()) rates.put(k, new ArrayList<>());
        for (IntConsumer fn : combos.values()) measure(300_000, fn); // warm-up (JIT)
        for (int r = 0; r < rounds; r++)
            for (Map.Entry<String, IntConsumer> e : combos.entrySet()) rates.get(e.getKey()).add(measure(n, e.getValue()));
        System.out.println(n + " records per measurement, " + rounds + " rounds; median (min-max) records/s");
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            double[] r = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-52s %,10d  (%,10d - %,10d)%n", e.getKey(), Math.round(r[r.length / 2]),
                Math.round(r[0]), Math.round(r[r.length - 1]));
        }
    }
}
