// Apache Kafka's SMTs on the record and chain of bench/transform-chain.bench.ts, for a side-by-side
// figure: InsertField$Value, ReplaceField$Value and Cast$Value configured with the same keys and
// applied in order to a SinkRecord (what Kafka's TransformationChain does for stages without a
// predicate), with the record's schema and schemaless. Microseconds per record, median of
// BENCH_ROUNDS (12) rounds of BENCH_RECORDS (50000) records after a warm-up.
// Run: java -Duser.timezone=UTC -cp "$(bash scripts/kafka.sh classpath)" bench/java/TransformChainBench.java
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;

public class TransformChainBench {
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

    static <T extends Transformation<SinkRecord>> T configured(T t, Map<String, String> config) {
        t.configure(config);
        return t;
    }

    static List<Transformation<SinkRecord>> chain() {
        return List.of(
            configured(new InsertField.Value<>(), Map.of("static.field", "source", "static.value", "ts-connect")),
            configured(new ReplaceField.Value<>(), Map.of("renames", "customer:client,email:contact")),
            configured(new Cast.Value<>(), Map.of("spec", "quantity:int64,paid:string,discount:float64")));
    }

    static SinkRecord apply(List<Transformation<SinkRecord>> chain, SinkRecord r) {
        for (Transformation<SinkRecord> t : chain) {
            r = t.apply(r);
            if (r == null) return null;
        }
        return r;
    }

    static volatile Object sink;

    static double measure(List<Transformation<SinkRecord>> chain, SinkRecord[] records, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) sink = apply(chain, records[i % 1000]);
        return (System.nanoTime() - start) / 1e3 / n;
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_RECORDS", "50000"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "12"));
        JsonConverter json = new JsonConverter();
        json.configure(Map.of("schemas.enable", "false"), false);
        SinkRecord[] withSchema = new SinkRecord[1000];
        SinkRecord[] schemaless = new SinkRecord[1000];
        for (int i = 0; i < 1000; i++) {
            Struct s = record(i);
            withSchema[i] = new SinkRecord("orders", 0, null, null, ORDER, s, i, 1_700_000_000_000L + i, TimestampType.CREATE_TIME);
            Object map = json.toConnectData("t", json.fromConnectData("t", ORDER, s)).value();
            schemaless[i] = new SinkRecord("orders", 0, null, null, null, map, i, 1_700_000_000_000L + i, TimestampType.CREATE_TIME);
        }
        List<Transformation<SinkRecord>> chain = chain();
        System.out.println("a record after the chain (with schemas): " + apply(chain, withSchema[1]).value());
        Map<String, SinkRecord[]> inputs = new LinkedHashMap<>();
        inputs.put("with schemas   ", withSchema);
        inputs.put("without schemas", schemaless);
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String k : inputs.keySet()) results.put(k, new ArrayList<>());
        for (SinkRecord[] records : inputs.values()) measure(chain, records, 300_000); // warm-up (JIT)
        for (int r = 0; r < rounds; r++)
            for (Map.Entry<String, SinkRecord[]> e : inputs.entrySet()) results.get(e.getKey()).add(measure(chain, e.getValue(), n));
        System.out.println(n + " records per measurement, " + rounds + " rounds; median (min-max)");
        for (Map.Entry<String, List<Double>> e : results.entrySet()) {
            double[] r = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = r[r.length / 2];
            System.out.printf("three-SMT chain %s  %.2f µs/record  (%.2f - %.2f)  %,d records/s%n", e.getKey(), median,
                r[0], r[r.length - 1], Math.round(1e6 / median));
        }
    }
}
