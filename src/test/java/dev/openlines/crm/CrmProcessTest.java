package dev.openlines.crm;

import static dev.openlines.crm.ChatTrackerTest.unique;
import static dev.openlines.crm.ChatTrackerTest.uniquePhone;
import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.openlines.channel.LeadCreationMode;
import dev.openlines.workflow.Workflow;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The CRM job workers on the embedded engine, through a test-only model
 * (test-models/crm-steps.bpmn): recognise the client, decide with dmn/lead-creation.dmn, create the
 * lead or deal (twice, as a redelivered job would), and save the log when the conversation closes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrmProcessTest {

  private static final String PROCESS = "crm-steps";
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Autowired CamundaClient client;
  @Autowired ZeebeTestEngine engine;
  @Autowired CrmPort crm;
  @Autowired MongoTemplate mongo;
  @Autowired dev.openlines.conversation.ConversationMessageStore messageStore;
  @Autowired Clock clock;

  @BeforeEach
  void deployTestModel() {
    client.newDeployResourceCommand().addResourceFromClasspath("test-models/crm-steps.bpmn").send().join();
  }

  @Test
  void anUnknownTelegramClientGetsOneLeadEvenWhenTheJobComesTwice() {
    String conversation = unique("conversation");
    long instance = start(conversation, "telegram", unique("tg"), "Erik", uniquePhone("44"), null, LeadCreationMode.LEAD);

    awaitWaitingForClose(instance);
    assertThatProcess(engine, instance)
        .hasVariableWithValue(Workflow.Variable.CLIENT_RECOGNISED, false)
        .hasVariableWithValue(Workflow.Variable.HAS_CONTACT_DETAILS, true)
        .hasVariableWithValue(Workflow.Variable.LEAD_ACTION, "CREATE_LEAD")
        .hasPassedElementsInOrder("identify-client", "decide-lead", "create-lead", "create-lead-again");

    var leads = mongo.find(query(where("conversationId").is(conversation)), Lead.class);
    assertThat(leads).hasSize(1);
    Lead lead = leads.get(0);
    assertThat(lead.source()).isEqualTo("telegram");
    assertThat(lead.title()).isEqualTo("Lead from telegram: Erik");
    assertThatProcess(engine, instance)
        .hasVariableWithValue(Workflow.Variable.LEAD_ID, lead.id())
        .hasVariableWithValue("leadIdOfSecondDelivery", lead.id());
    assertThat(crm.findCard(conversation).orElseThrow().leadId()).isEqualTo(lead.id());
  }

  @Test
  void aChannelThatCreatesDealsGetsOneDeal() {
    String conversation = unique("conversation");
    long instance = start(conversation, "whatsapp", unique("wa"), "Fay", uniquePhone("33"), null, LeadCreationMode.DEAL);

    awaitWaitingForClose(instance);
    var deals = mongo.find(query(where("conversationId").is(conversation)), Deal.class);
    assertThat(deals).hasSize(1);
    assertThat(deals.get(0).source()).isEqualTo("whatsapp");
    assertThatProcess(engine, instance)
        .hasVariableWithValue(Workflow.Variable.DEAL_ID, deals.get(0).id())
        .hasVariableWithValue("dealIdOfSecondDelivery", deals.get(0).id());
    assertThat(mongo.count(query(where("conversationId").is(conversation)), Lead.class)).isZero();
  }

  @Test
  void anAnonymousLiveChatVisitorCreatesNothing() {
    String conversation = unique("conversation");
    long instance = start(conversation, "livechat", unique("visitor"), null, null, null, LeadCreationMode.LEAD);

    awaitWaitingForClose(instance);
    assertThatProcess(engine, instance)
        .hasVariableWithValue(Workflow.Variable.HAS_CONTACT_DETAILS, false)
        .hasVariableWithValue(Workflow.Variable.LEAD_ACTION, "NOTHING")
        .hasNotPassedElement("create-lead");
    assertThat(mongo.count(query(where("conversationId").is(conversation)), Lead.class)).isZero();
  }

  @Test
  void aRecognisedClientComesWithTheirResponsibleOperatorAndNoNewLead(
      @Autowired ResponsiblePersonService responsible) {
    String telegramChat = unique("tg");
    String email = unique("gina") + "@example.com";
    String first = unique("conversation");
    awaitWaitingForClose(start(first, "telegram", telegramChat, "Gina", null, email, LeadCreationMode.LEAD));
    responsible.firstAnswered(first, "operator-7");

    String second = unique("conversation");
    long instance = start(second, "livechat", unique("visitor"), null, null, email.toUpperCase(), LeadCreationMode.LEAD);

    awaitWaitingForClose(instance);
    assertThatProcess(engine, instance)
        .hasVariableWithValue(Workflow.Variable.CONTACT_ID, crm.findCard(first).orElseThrow().contactId())
        .hasVariableWithValue(Workflow.Variable.CLIENT_RECOGNISED, true)
        .hasVariableWithValue(Workflow.Variable.RESPONSIBLE_OPERATOR_ID, "operator-7")
        .hasVariableWithValue(Workflow.Variable.LEAD_ACTION, "NOTHING");
    assertThat(mongo.count(query(where("conversationId").is(second)), Lead.class)).isZero();
  }

  @Test
  void theLogIsSavedToTheContactAndLeadWhenTheConversationCloses() {
    String conversation = unique("conversation");
    long instance = start(conversation, "telegram", unique("tg"), "Hugo", uniquePhone("49"), null, LeadCreationMode.LEAD);
    awaitWaitingForClose(instance);
    storeMessage(conversation, 1, "client", "Hello, do you deliver to Hamburg?");
    storeMessage(conversation, 2, "operator-3", "Yes, within two days.");

    client
        .newPublishMessageCommand()
        .messageName(Workflow.Message.CONVERSATION_CLOSED)
        .correlationKey(conversation)
        .variables(Map.of(Workflow.Variable.OPERATOR_ID, "operator-3"))
        .send()
        .join();

    await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertThatProcess(engine, instance).hasPassedElement("save-log").isCompleted());
    ConversationCard card = crm.findCard(conversation).orElseThrow();
    ConversationLog log = crm.findLog(conversation).orElseThrow();
    assertThat(log.contactId()).isEqualTo(card.contactId());
    assertThat(log.leadId()).isEqualTo(card.leadId()).isNotNull();
    assertThat(log.operatorId()).isEqualTo("operator-3");
    assertThat(log.lines())
        .extracting(TranscriptLine::author, TranscriptLine::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("client", "Hello, do you deliver to Hamburg?"),
            org.assertj.core.groups.Tuple.tuple("operator-3", "Yes, within two days."));
    assertThat(crm.logsOfContact(card.contactId())).extracting(ConversationLog::conversationId).containsExactly(conversation);
  }

  @Test
  void aClientWithoutConnectorIdentityEndsThroughTheErrorPath() {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.CONVERSATION_ID, unique("conversation"));
    variables.put(Workflow.Variable.CONNECTOR_TYPE, "telegram");
    variables.put(Workflow.Variable.LEAD_CREATION_MODE, "LEAD");
    long instance = client.newCreateInstanceCommand().bpmnProcessId(PROCESS).latestVersion().variables(variables).send().join().getProcessInstanceKey();

    await()
        .atMost(WAIT)
        .pollInSameThread()
        .untilAsserted(
            () -> assertThatProcess(engine, instance).hasPassedElement("client-unidentifiable").hasPassedElement("ended-unidentified").isCompleted());
  }

  @Test
  void closingAConversationThatWasNeverLinkedEndsWithoutALog() {
    String conversation = unique("conversation");
    long instance =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(PROCESS)
            .latestVersion()
            .variables(Map.of(Workflow.Variable.CONVERSATION_ID, conversation))
            .startBeforeElement("save-log")
            .send()
            .join()
            .getProcessInstanceKey();

    await()
        .atMost(WAIT)
        .pollInSameThread()
        .untilAsserted(() -> assertThatProcess(engine, instance).hasPassedElement("no-contact").hasPassedElement("ended-without-log").isCompleted());
    assertThat(crm.findLog(conversation)).isEmpty();
  }

  private long start(
      String conversation, String connector, String clientId, String name, String phone, String email, LeadCreationMode mode) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(Workflow.Variable.CONVERSATION_ID, conversation);
    variables.put(Workflow.Variable.CONNECTOR_TYPE, connector);
    variables.put(Workflow.Variable.CLIENT_ID, clientId);
    variables.put(Workflow.Variable.CLIENT_NAME, name);
    variables.put(Workflow.Variable.CLIENT_PHONE, phone);
    variables.put(Workflow.Variable.CLIENT_EMAIL, email);
    variables.put(Workflow.Variable.LEAD_CREATION_MODE, mode.name());
    ProcessInstanceEvent event = client.newCreateInstanceCommand().bpmnProcessId(PROCESS).latestVersion().variables(variables).send().join();
    return event.getProcessInstanceKey();
  }

  private void awaitWaitingForClose(long instance) {
    await()
        .atMost(WAIT)
        .pollInSameThread()
        .untilAsserted(() -> assertThatProcess(engine, instance).isWaitingAtElements("conversation-closed"));
  }

  private void storeMessage(String conversation, int order, String author, String text) {
    TranscriptMessages.store(messageStore, mongo, conversation, clock.instant().plusSeconds(order), author, text);
  }
}
