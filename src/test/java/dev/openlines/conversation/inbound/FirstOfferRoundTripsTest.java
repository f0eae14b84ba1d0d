package dev.openlines.conversation.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openlines.channel.ChannelService;
import dev.openlines.connector.ConnectorSettingsService;
import dev.openlines.conversation.ConversationRepository;
import dev.openlines.operator.OperatorService;
import dev.openlines.routing.Offer;
import dev.openlines.routing.OfferStatus;
import dev.openlines.routing.RoutingService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRelated;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What the engine does for one conversation from the client's first message (through ingestion) to
 * its first offer, read from the engine's own record stream: which jobs run (each one a round trip
 * from the engine to a worker and back, with the worker's store reads and writes), and how many
 * records the instance writes. The job list is the contract: a step that can be decided by the
 * engine from the start variables must not come back as a job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FirstOfferRoundTripsTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Autowired InboundMessageService ingestion;
  @Autowired ConnectorSettingsService connectors;
  @Autowired ChannelService channels;
  @Autowired OperatorService operators;
  @Autowired RoutingService routing;
  @Autowired ConversationRepository conversations;
  @Autowired MongoTemplate mongo;
  @Autowired ZeebeTestEngine engine;
  @Autowired Clock clock;

  @Test
  void theFirstOfferTakesOnlyTheJobsThatNeedJava() {
    IngestionFixtures.Line line =
        new IngestionFixtures(channels, operators, mongo, connectors, clock).liveChat("round-trips", 10, 1000);

    String conversationId =
        ingestion.receive(line.message("m-1", "client-round-trips", "Hello"), line.connector()).conversationId();
    await().atMost(WAIT).untilAsserted(() -> assertThat(routing.offers(conversationId))
        .extracting(Offer::status).contains(OfferStatus.OFFERED));
    long instance = conversations.findById(conversationId).orElseThrow().getProcessInstanceKey();

    List<Record<?>> untilOffer = new ArrayList<>();
    await().atMost(WAIT).until(() -> {
      untilOffer.clear();
      untilOffer.addAll(recordsUntilOfferCompleted(instance));
      return !untilOffer.isEmpty();
    });
    List<String> jobs = untilOffer.stream()
        .filter(r -> r.getValueType() == ValueType.JOB && r.getIntent() == JobIntent.CREATED)
        .map(r -> ((JobRecordValue) r.getValue()).getElementId())
        .toList();
    long events = untilOffer.stream().filter(r -> r.getRecordType() == RecordType.EVENT).count();
    System.out.printf("First offer of one conversation: %d jobs %s, %d records (%d events)%n",
        jobs.size(), jobs, untilOffer.size(), events);

    // Its channel has no working hours, no consent notice, no greeting and no chat bot; the new client has no
    // responsible operator and was not transferred, so the channel's mode from the start is enough to pick.
    assertThat(jobs).containsExactly("link-process", "identify-client", "offer");
    // What the engine writes is most of its cost per conversation (bench/RESULTS.md): a model change that adds
    // steps to this path shows here. 264: 291 while a message start event wrote each start variable twice, 258
    // without it, and one join more since the first-reply clock starts after the working hours.
    assertThat(untilOffer).as("records written up to the first offer").hasSizeLessThanOrEqualTo(265);
  }

  /** The instance's records up to the completion of its "Offer to an operator" job; empty before it. */
  private List<Record<?>> recordsUntilOfferCompleted(long instance) {
    List<Record<?>> mine = new ArrayList<>();
    for (Record<?> record : StreamSupport.stream(engine.getRecordStreamSource().getRecords().spliterator(), false).toList()) {
      if (record.getValue() instanceof ProcessInstanceRelated related && related.getProcessInstanceKey() == instance) {
        mine.add(record);
        if (record.getValueType() == ValueType.JOB
            && record.getIntent() == JobIntent.COMPLETED
            && "offer".equals(((JobRecordValue) record.getValue()).getElementId())) {
          return mine;
        }
      }
    }
    return List.of();
  }
}
