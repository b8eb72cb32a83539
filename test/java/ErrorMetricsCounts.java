import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.runtime.ConnectMetrics;
import org.apache.kafka.connect.runtime.errors.ErrorHandlingMetrics;
import org.apache.kafka.connect.runtime.errors.Operation;
import org.apache.kafka.connect.runtime.errors.ProcessingContext;
import org.apache.kafka.connect.runtime.errors.RetryWithToleranceOperator;
import org.apache.kafka.connect.runtime.errors.Stage;
import org.apache.kafka.connect.runtime.errors.ToleranceType;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.util.ConnectorTaskId;

/**
 * Kafka's task-error-metrics after one failing operation through its RetryWithToleranceOperator,
 * one line per case: "<case> failures=<n> errors=<n> skipped=<n> retries=<n>". The cases are
 * those of test/runtime/metrics/error-metrics.differential.test.ts, which compares.
 */
public class ErrorMetricsCounts {
  static ConnectMetrics connectMetrics;
  static int nextTask = 0;

  static Operation<String> failing(int failures, boolean retriable) {
    int[] calls = {0};
    return () -> {
      if (calls[0]++ < failures) {
        throw retriable ? new RetriableException("later") : new DataException("bad");
      }
      return "ok";
    };
  }

  static double value(ConnectorTaskId id, String name) {
    for (Map.Entry<MetricName, KafkaMetric> e : connectMetrics.metrics().metrics().entrySet()) {
      MetricName n = e.getKey();
      if (n.group().equals("task-error-metrics") && n.name().equals(name)
          && String.valueOf(id.task()).equals(n.tags().get("task"))) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return Double.NaN;
  }

  static String run(long timeout, ToleranceType tolerance, Stage stage, Operation<String> operation) {
    ConnectorTaskId id = new ConnectorTaskId("c", nextTask++);
    ErrorHandlingMetrics metrics = new ErrorHandlingMetrics(id, connectMetrics);
    RetryWithToleranceOperator<String> op =
        new RetryWithToleranceOperator<>(timeout, 60000, tolerance, Time.SYSTEM, metrics);
    try {
      op.execute(new ProcessingContext<>("record"), operation, stage, String.class);
    } catch (Exception e) {
      // The outcome itself is compared by test/runtime/retry-operator-kafka.test.ts.
    }
    return "failures=" + (long) value(id, "total-record-failures")
        + " errors=" + (long) value(id, "total-record-errors")
        + " skipped=" + (long) value(id, "total-records-skipped")
        + " retries=" + (long) value(id, "total-retries");
  }

  public static void main(String[] args) {
    Map<String, String> worker = new HashMap<>();
    worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("offset.storage.file.filename", "/tmp/unused.offsets");
    worker.put("bootstrap.servers", "localhost:9092");
    connectMetrics = new ConnectMetrics("w", new StandaloneConfig(worker), Time.SYSTEM, "cluster");
    ToleranceType none = ToleranceType.NONE;
    ToleranceType all = ToleranceType.ALL;
    System.out.println("retriable-timeout0-none " + run(0, none, Stage.KEY_CONVERTER, failing(1, true)));
    System.out.println("retriable-timeout0-all " + run(0, all, Stage.KEY_CONVERTER, failing(1, true)));
    System.out.println("data-none " + run(0, none, Stage.VALUE_CONVERTER, failing(1, false)));
    System.out.println("data-all " + run(0, all, Stage.TRANSFORMATION, failing(1, false)));
    System.out.println("data-nontolerable-all " + run(0, all, Stage.KAFKA_PRODUCE, failing(1, false)));
    System.out.println("retry-until-success " + run(-1, none, Stage.VALUE_CONVERTER, failing(2, true)));
    System.out.println("retry-deadline-700-all " + run(700, all, Stage.HEADER_CONVERTER, failing(9, true)));
    System.out.println("retry-deadline-700-none " + run(700, none, Stage.VALUE_CONVERTER, failing(9, true)));
    System.out.println("succeeds " + run(0, none, Stage.VALUE_CONVERTER, failing(0, false)));
    connectMetrics.stop();
  }
}
