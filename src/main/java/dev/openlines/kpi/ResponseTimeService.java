package dev.openlines.kpi;

import dev.openlines.conversation.ConversationResponseTimes;
import dev.openlines.conversation.ResponseTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Tracks how long clients wait for operators. The operator side calls {@link #operatorReplied} for every
 * reply sent to the client (silent notes do not count); the clock starts with each client message
 * ({@link ConversationResponseTimes#clientWrote}, called by ingestion).
 */
@Service
public class ResponseTimeService {

  private final ConversationResponseTimes conversations;
  private final KpiMeters meters;

  public ResponseTimeService(ConversationResponseTimes conversations, KpiMeters meters) {
    this.conversations = conversations;
    this.meters = meters;
  }

  /**
   * Records the reply's response time when a client was waiting.
   *
   * @return the recorded response time; empty when nobody was waiting (a second reply in a row)
   */
  public Optional<ResponseTime> operatorReplied(String conversationId, String operatorId, Instant at) {
    return conversations.operatorReplied(conversationId, operatorId, at).map(recorded -> {
      ResponseTime response = recorded.response();
      meters.responded(recorded.channelId(), response.kind(), Duration.ofMillis(response.millis()));
      return response;
    });
  }
}
