// Runs Apache Kafka's own FileStreamSinkTask on values decoded by Kafka's JsonConverter
// (schemas.enable=true), one JSON envelope (or NULL-BYTES) per stdin line, and writes them to the file in args[0].
// Run: java -Duser.timezone=UTC -cp "$(bash scripts/kafka.sh classpath)" FileSinkHarness.java out.txt
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.file.FileStreamSinkTask;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

public class FileSinkHarness {
    public static void main(String[] args) throws Exception {
        JsonConverter converter = new JsonConverter();
        Map<String, String> config = new HashMap<>();
        config.put("schemas.enable", "true");
        converter.configure(config, false);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<SinkRecord> records = new ArrayList<>();
        String line;
        long offset = 0;
        while ((line = in.readLine()) != null) {
            // A tombstone (null bytes), which a JSON text cannot express.
            byte[] bytes = line.equals("NULL-BYTES") ? null : line.getBytes(StandardCharsets.UTF_8);
            SchemaAndValue sv = converter.toConnectData("t", bytes);
            records.add(new SinkRecord("t", 0, null, null, sv.schema(), sv.value(), offset++));
        }
        FileStreamSinkTask task = new FileStreamSinkTask();
        Map<String, String> props = new HashMap<>();
        props.put("file", args[0]);
        task.start(props);
        task.put(records);
        task.flush(new HashMap<>());
        task.stop();
    }
}
