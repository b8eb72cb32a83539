import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Frequencies;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * Feeds Kafka's own Rate, Max, Avg and boolean Frequencies a script from stdin and prints each
 * measurement, so the TypeScript stats can be compared with them.
 * First line: "<sampleWindowMs> <numSamples>". Then "record <value> <timeMs>" or
 * "measure <timeMs>"; each measure prints "rate max avg successFraction" (Java's toString).
 */
public class MetricsHarness {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String[] head = in.readLine().trim().split(" ");
        MetricConfig config = new MetricConfig()
            .timeWindow(Long.parseLong(head[0]), TimeUnit.MILLISECONDS)
            .samples(Integer.parseInt(head[1]));
        Rate rate = new Rate();
        Max max = new Max();
        Avg avg = new Avg();
        MetricName ok = new MetricName("ok", "g", "", java.util.Map.of());
        MetricName bad = new MetricName("bad", "g", "", java.util.Map.of());
        Frequencies freq = Frequencies.forBooleanValues(bad, ok);
        String line;
        StringBuilder out = new StringBuilder();
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) continue;
            String[] p = line.split(" ");
            if (p[0].equals("record")) {
                double v = Double.parseDouble(p[1]);
                long t = Long.parseLong(p[2]);
                rate.record(config, v, t);
                max.record(config, v, t);
                avg.record(config, v, t);
                freq.record(config, v > 0 ? 1.0 : 0.0, t);
            } else {
                long t = Long.parseLong(p[1]);
                double success = freq.frequency(config, t, 1.0);
                out.append(rate.measure(config, t)).append(' ')
                   .append(max.measure(config, t)).append(' ')
                   .append(avg.measure(config, t)).append(' ')
                   .append(success).append('\n');
            }
        }
        System.out.print(out);
    }
}
