package dev.openlines.crm;

import static dev.openlines.crm.ChatTrackerTest.unique;
import static dev.openlines.crm.ChatTrackerTest.uniquePhone;
import static dev.openlines.testing.ProcessAsserts.assertThatProcess;
import static dev.openlines.testing.ProcessVariables.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.connector.OperatorJourney;
import dev.openlines.testing.ClientConversations;
import dev.openlines.testing.ClientConversations.Started;
import dev.openlines.testing.SupportDesk;
import dev.openlines.testing.SupportDesks;
import dev.openlines.testing.TestMessenger;
import dev.openlines.channel.LeadCreationMode;
import dev.openlines.workflow.Workflow;
import io.camunda.client.exception.BpmnError;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The CRM steps of the conversation process, from a client's first message: recognise the client,
 * decide with dmn/lead-creation.dmn, create the lead or deal, and save the log when the operator closes
 * the conversation. (A redelivered create-lead job finding the first lead: LeadServiceTest.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrmProcessTest {

  @Autowired ZeebeTestEngine engine;
  @Autowired CrmPort crm;
  @Autowired MongoTemplate mongo;
  @Autowired ClientConversations clients;
  @Autowired SupportDesks desks;

  SupportDesk desk;
  String anna;

  @BeforeEach
  void desk() {
    desk = desks.open();
    anna = desk.operator("Anna");
  }

  /** Anna's channel, whose CRM settings the admin chose (lead creation mode, CRM check). */
  String channel(LeadCreationMode mode, boolean checkClient) {
    Map<String, Object> crmSettings = new HashMap<>(Map.of("leadCreation", mode.name(), "checkClient", checkClient));
    return desk.channel("crm-" + mode.name().toLowerCase(), Map.of("crm", crmSettings), anna);
  }

  void eventually(Started c, ThrowingConsumer<ProcessInstanceAssert> check) {
    await().atMost(SupportDesk.WAIT).untilAsserted(() -> check.accept(assertThatProcess(engine, c.key())));
  }

  /** The CRM steps are done and the conversation is routed. */
  void awaitCrmDone(Started c) {
    eventually(c, p -> p.hasPassedElement("crm-done"));
    await().atMost(SupportDesk.WAIT).untilAsserted(() -> assertThat(desk.openOffers(c.conversationId())).containsExactly(anna));
  }

  @Test
  void anUnknownClientWithAPhoneGetsOneLead() {
    Started c = clients.start(channel(LeadCreationMode.LEAD, true), new ClientProfile("Erik", uniquePhone("44"), null, null));

    awaitCrmDone(c);
    eventually(c, p -> p.hasPassedElementsInOrder("identify-client", "decide-lead", "create-lead"));
    assertThat(variable(engine, c.key(), Workflow.Variable.CLIENT_RECOGNISED)).contains(false);
    assertThat(variable(engine, c.key(), Workflow.Variable.HAS_CONTACT_DETAILS)).contains(true);
    assertThat(variable(engine, c.key(), Workflow.Variable.LEAD_ACTION)).contains("CREATE_LEAD");

    var leads = mongo.find(query(where("conversationId").is(c.conversationId())), Lead.class);
    assertThat(leads).hasSize(1);
    Lead lead = leads.get(0);
    // The channel names no lead source: the connector the client came through.
    assertThat(lead.source()).isEqualTo(TestMessenger.TYPE);
    assertThat(lead.title()).isEqualTo("Lead from " + TestMessenger.TYPE + ": Erik");
    assertThat(variable(engine, c.key(), Workflow.Variable.LEAD_ID)).contains(lead.id());
    assertThat(crm.findCard(c.conversationId()).orElseThrow().leadId()).isEqualTo(lead.id());
  }

  @Test
  void aChannelThatCreatesDealsGetsOneDeal() {
    Started c = clients.start(channel(LeadCreationMode.DEAL, true), new ClientProfile("Fay", uniquePhone("33"), null, null));

    awaitCrmDone(c);
    eventually(c, p -> p.hasPassedElement("create-lead"));
    var deals = mongo.find(query(where("conversationId").is(c.conversationId())), Deal.class);
    assertThat(deals).hasSize(1);
    assertThat(deals.get(0).source()).isEqualTo(TestMessenger.TYPE);
    assertThat(variable(engine, c.key(), Workflow.Variable.DEAL_ID)).contains(deals.get(0).id());
    assertThat(mongo.count(query(where("conversationId").is(c.conversationId())), Lead.class)).isZero();
  }

  @Test
  void anAnonymousLiveChatVisitorCreatesNothing() {
    String channel = channel(LeadCreationMode.LEAD, true);
    String conversationId = desk.visitorWrites(desk.liveChat(channel), Map.of(), "Hello, just looking");
    long key = desk.processOf(conversationId);

    await().atMost(SupportDesk.WAIT).untilAsserted(() -> assertThatProcess(engine, key).hasPassedElement("crm-done"));
    assertThatProcess(engine, key).hasNotPassedElement("create-lead");
    assertThat(variable(engine, key, Workflow.Variable.HAS_CONTACT_DETAILS)).contains(false);
    assertThat(variable(engine, key, Workflow.Variable.LEAD_ACTION)).contains("NOTHING");
    assertThat(mongo.count(query(where("conversationId").is(conversationId)), Lead.class)).isZero();
  }

  @Test
  void aRecognisedClientComesWithTheirResponsibleOperatorAndNoNewLead() {
    String channel = channel(LeadCreationMode.LEAD, true);
    String email = unique("gina") + "@example.com";
    // Gina's first conversation, answered by anna, who so becomes her responsible person.
    Started first = clients.start(channel, new ClientProfile("Gina", null, email, null));
    awaitCrmDone(first);
    desk.answers(anna, first.conversationId()).close(first.conversationId());

    // Later she writes from another address of hers, giving the same e-mail in other letters.
    Started second = clients.start(channel, new ClientProfile(null, null, email.toUpperCase(), null));

    eventually(second, p -> p.hasPassedElement("crm-done"));
    assertThat(variable(engine, second.key(), Workflow.Variable.CONTACT_ID))
        .contains(crm.findCard(first.conversationId()).orElseThrow().contactId());
    assertThat(variable(engine, second.key(), Workflow.Variable.CLIENT_RECOGNISED)).contains(true);
    assertThat(variable(engine, second.key(), Workflow.Variable.RESPONSIBLE_OPERATOR_ID)).contains(anna);
    assertThat(variable(engine, second.key(), Workflow.Variable.LEAD_ACTION)).contains("NOTHING");
    assertThat(mongo.count(query(where("conversationId").is(second.conversationId())), Lead.class)).isZero();
  }

  @Test
  void theLogIsSavedToTheContactAndLeadWhenTheConversationCloses() {
    String channel = channel(LeadCreationMode.LEAD, true);
    Started c = clients.start(channel, new ClientProfile("Hugo", uniquePhone("49"), null, null));
    awaitCrmDone(c);
    clients.write(c, "Hello, do you deliver to Hamburg?");
    OperatorJourney annasDesk = desk.answers(anna, c.conversationId());
    annasDesk.reply(c.conversationId(), "Yes, within two days.");

    annasDesk.close(c.conversationId());

    eventually(c, p -> p.hasPassedElementsInOrder("conversation-closed", "save-log", "log-done").isCompleted());
    ConversationCard card = crm.findCard(c.conversationId()).orElseThrow();
    ConversationLog log = crm.findLog(c.conversationId()).orElseThrow();
    assertThat(log.contactId()).isEqualTo(card.contactId());
    assertThat(log.leadId()).isEqualTo(card.leadId()).isNotNull();
    assertThat(log.operatorId()).isEqualTo(anna);
    assertThat(log.lines())
        .extracting(TranscriptLine::author, TranscriptLine::text)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple("client", "Hello, do you deliver to Hamburg?"),
            org.assertj.core.groups.Tuple.tuple(anna, "Yes, within two days."));
    assertThat(crm.logsOfContact(card.contactId())).extracting(ConversationLog::conversationId).containsExactly(c.conversationId());
  }

  @Test
  void closingAConversationWhoseClientWasNeverIdentifiedEndsWithoutALog() {
    // The admin switched the CRM check off: the client is linked to no contact.
    Started c = clients.start(channel(LeadCreationMode.LEAD, false), new ClientProfile("Ida", uniquePhone("39"), null, null));
    awaitCrmDone(c);

    desk.answers(anna, c.conversationId()).close(c.conversationId());

    // "Save the log" ends in its "no CRM contact" error path, not an incident.
    eventually(c, p -> p.hasPassedElementsInOrder("conversation-closed", "no-crm-contact").hasNoIncidents().isCompleted());
    assertThat(crm.findLog(c.conversationId())).isEmpty();
  }

  /**
   * Every connector gives a client id, so the process never meets a client without one; should a
   * start lack it, identification ends in the model's "client unidentifiable" error path, not an incident.
   */
  @Test
  void aClientWithoutConnectorIdentityIsRefusedAsUnidentifiable(@Autowired CrmWorkers workers) {
    assertThatThrownBy(() -> workers.identify(unique("conversation"), "telegram", null, null, null, null))
        .isInstanceOf(BpmnError.class)
        .satisfies(error -> assertThat(((BpmnError) error).getErrorCode()).isEqualTo(Workflow.Error.CRM_CLIENT_UNIDENTIFIABLE));
  }
}
