package org.apache.kafka.connect.runtime.errors;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.runtime.ConnectMetrics;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.util.ConnectorTaskId;

/**
 * Prints Kafka's LogReporter message for a failed source and sink record, so ts-connect's
 * errors.log.enable lines are compared with Kafka's own text.  Usage: java -cp <kafka classpath> test/java/ErrorLogMessages.java
 */
public class ErrorLogMessages {
  // message() is package-private and this file runs from another class loader: reflection.
  static String message(LogReporter<?> reporter, ProcessingContext<?> ctx) {
    try {
      java.lang.reflect.Method m = LogReporter.class.getDeclaredMethod("message", ProcessingContext.class);
      m.setAccessible(true);
      return (String) m.invoke(reporter, ctx);
    } catch (ReflectiveOperationException e) {
      throw new RuntimeException(e);
    }
  }

  public static void main(String[] args) {
    ConnectorTaskId id = new ConnectorTaskId("conn", 2);
    Map<String, String> props = new HashMap<>();
    props.put("name", "conn");
    props.put("connector.class", "x.Y");
    props.put("errors.log.enable", "true");
    props.put("errors.log.include.messages", "false");
    ConnectorConfig plain = new ConnectorConfig(null, props);
    props.put("errors.log.include.messages", "true");
    ConnectorConfig withMessages = new ConnectorConfig(null, props);

    Map<String, String> worker = new HashMap<>();
    worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.put("offset.storage.file.filename", "/tmp/unused.offsets");
    worker.put("bootstrap.servers", "localhost:9092");
    ErrorHandlingMetrics metrics = new ErrorHandlingMetrics(id, new ConnectMetrics("w",
        new StandaloneConfig(worker), Time.SYSTEM, "cluster"));

    ConsumerRecord<byte[], byte[]> consumed = new ConsumerRecord<>("t", 1, 42L, 1700000000000L,
        TimestampType.CREATE_TIME, 0, 0, new byte[0], new byte[0], new RecordHeaders(), java.util.Optional.empty());
    ProcessingContext<ConsumerRecord<byte[], byte[]>> sinkCtx = new ProcessingContext<>(consumed);
    sinkCtx.currentContext(Stage.VALUE_CONVERTER, String.class);
    System.out.println(message(new LogReporter.Sink(id, plain, metrics), sinkCtx));
    System.out.println(message(new LogReporter.Sink(id, withMessages, metrics), sinkCtx));

    ProcessingContext<ConsumerRecord<byte[], byte[]>> noTs = new ProcessingContext<>(new ConsumerRecord<>("t", 0, 7L,
        -1L, TimestampType.NO_TIMESTAMP_TYPE, 0, 0, new byte[0], new byte[0], new RecordHeaders(), java.util.Optional.empty()));
    noTs.currentContext(Stage.TRANSFORMATION, Integer.class);
    System.out.println(message(new LogReporter.Sink(id, withMessages, metrics), noTs));
  }
}
