package dev.openlines.crm;

import static dev.openlines.crm.ChatTrackerTest.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationLogServiceTest {

  @Autowired ConversationLogService logs;
  @Autowired ChatTracker tracker;
  @Autowired CrmPort crm;
  @Autowired MongoTemplate mongo;
  @Autowired dev.openlines.conversation.ConversationMessageStore messageStore;
  @Autowired Clock clock;

  @Test
  void savingAgainReplacesTheLogWithTheLongerOne() {
    String conversation = unique("conversation");
    String contactId = tracker.identify(conversation, "telegram", unique("tg"), null, null, null).contactId();
    message(conversation, 1, "client", "Hi");
    logs.save(conversation, null);
    message(conversation, 2, "operator-1", "Hello!");

    logs.save(conversation, "operator-1");
    logs.save(conversation, "operator-1");

    assertThat(mongo.count(query(where("_id").is(conversation)), ConversationLog.class)).isEqualTo(1);
    assertThat(crm.logsOfContact(contactId)).singleElement().satisfies(log -> {
      assertThat(log.lines()).extracting(TranscriptLine::text).containsExactly("Hi", "Hello!");
      assertThat(log.operatorId()).isEqualTo("operator-1");
    });
  }

  private void message(String conversation, int second, String author, String text) {
    TranscriptMessages.store(messageStore, mongo, conversation, clock.instant().plusSeconds(second), author, text);
  }
}
