import java.util.HashMap;
import java.util.Map;
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
 * What Kafka's RetryWithToleranceOperator does with one failing operation, one line per case:
 * the value or the exception message, whether the context failed, and how many attempts were
 * made. The cases are those of test/runtime/retry-operator-kafka.test.ts, which compares.
 * Usage: java -cp <kafka classpath> test/java/RetryOperatorOutcomes.java
 */
public class RetryOperatorOutcomes {
  static ErrorHandlingMetrics metrics;

  /** An operation that throws `failures` times (retriable or not), then returns "ok". */
  static Operation<String> failing(int failures, boolean retriable) {
    int[] calls = {0};
    return () -> {
      if (calls[0]++ < failures) {
        throw retriable ? new RetriableException("later") : new DataException("bad");
      }
      return "ok";
    };
  }

  static RetryWithToleranceOperator<String> operator(long timeout, ToleranceType tolerance) {
    return new RetryWithToleranceOperator<>(timeout, 60000, tolerance, Time.SYSTEM, metrics);
  }

  static String run(RetryWithToleranceOperator<String> op, Stage stage, Operation<String> operation) {
    ProcessingContext<String> ctx = new ProcessingContext<>("record");
    String outcome;
    try {
      outcome = "value=" + op.execute(ctx, operation, stage, String.class);
    } catch (Exception e) {
      outcome = "throws=" + e.getMessage() + " cause=" + e.getCause().getClass().getSimpleName();
    }
    return outcome + " failed=" + ctx.failed() + " attempts=" + ctx.attempt();
  }

  static String failed(RetryWithToleranceOperator<String> op) {
    try {
      op.executeFailed(new ProcessingContext<>("record"), Stage.TASK_PUT, String.class, new DataException("bad"));
      return "reported";
    } catch (Exception e) {
      return "throws=" + e.getMessage();
    }
  }

  public static void main(String[] args) {
    Map<String, String> worker = new HashMap<>();
    worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("offset.storage.file.filename", "/tmp/unused.offsets");
    worker.put("bootstrap.servers", "localhost:9092");
    metrics = new ErrorHandlingMetrics(new ConnectorTaskId("c", 0),
        new ConnectMetrics("w", new StandaloneConfig(worker), Time.SYSTEM, "cluster"));
    ToleranceType none = ToleranceType.NONE;
    ToleranceType all = ToleranceType.ALL;

    System.out.println("retriable-timeout0-none " + run(operator(0, none), Stage.KEY_CONVERTER, failing(1, true)));
    System.out.println("retriable-timeout0-all " + run(operator(0, all), Stage.KEY_CONVERTER, failing(1, true)));
    System.out.println("retriable-nontolerable-stage " + run(operator(0, none), Stage.KAFKA_PRODUCE, failing(1, true)));
    System.out.println("data-none " + run(operator(0, none), Stage.VALUE_CONVERTER, failing(1, false)));
    System.out.println("data-all " + run(operator(0, all), Stage.TRANSFORMATION, failing(1, false)));
    System.out.println("data-nontolerable-all " + run(operator(0, all), Stage.KAFKA_PRODUCE, failing(1, false)));
    RetryWithToleranceOperator<String> shared = operator(0, none);
    System.out.println("retriable-then-data-none-1 " + run(shared, Stage.KEY_CONVERTER, failing(1, true)));
    System.out.println("retriable-then-data-none-2 " + run(shared, Stage.VALUE_CONVERTER, failing(1, false)));
    System.out.println("retry-until-success " + run(operator(-1, none), Stage.VALUE_CONVERTER, failing(2, true)));
    System.out.println("retry-deadline-100 " + run(operator(100, none), Stage.VALUE_CONVERTER, failing(9, true)));
    System.out.println("retry-deadline-700 " + run(operator(700, all), Stage.HEADER_CONVERTER, failing(9, true)));
    System.out.println("execute-failed-none " + failed(operator(0, none)));
    System.out.println("execute-failed-all " + failed(operator(0, all)));
  }
}
