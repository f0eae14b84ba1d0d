package dev.openlines.crm;

import static dev.openlines.crm.ChatTrackerTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openlines.channel.CrmSettings;
import dev.openlines.channel.LeadCreationMode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResponsiblePersonServiceTest {

  @Autowired ResponsiblePersonService responsible;
  @Autowired ChatTracker tracker;
  @Autowired LeadService leads;
  @Autowired CrmPort crm;

  @Test
  void theOperatorWhoFirstAnswersBecomesResponsibleAndStaysSo() {
    String conversation = newClientConversation();
    String leadId = leads.create(conversation, LeadAction.CREATE_LEAD, null).leadId();
    assertThat(responsible.responsibleFor(conversation)).isEmpty();

    assertThat(responsible.firstAnswered(conversation, "operator-1")).contains("operator-1");
    assertThat(responsible.firstAnswered(conversation, "operator-2")).contains("operator-1");

    assertThat(responsible.responsibleFor(conversation)).contains("operator-1");
    assertThat(crm.findLead(leadId).orElseThrow().responsibleOperatorId()).isEqualTo("operator-1");
  }

  @Test
  void theResponsiblePersonIsFoundAgainInTheClientsNextConversation() {
    String chat = unique("tg");
    String first = unique("conversation");
    tracker.identify(first, "telegram", chat, null, null, null);
    responsible.firstAnswered(first, "operator-5");
    String next = unique("conversation");

    IdentifiedContact again = tracker.identify(next, "telegram", chat, null, null, null);

    assertThat(again.responsibleOperatorId()).isEqualTo("operator-5");
    assertThat(responsible.routeTo(next, CrmSettings.defaults())).contains("operator-5");
    assertThat(responsible.routeTo(next, new CrmSettings(LeadCreationMode.LEAD, false, false))).isEmpty();
    // a later conversation's first answer does not take the client away from operator-5
    assertThat(responsible.firstAnswered(next, "operator-6")).contains("operator-5");
  }

  @Test
  void aManualTransferHandsResponsibilityToTheReceivingOperator() {
    String conversation = newClientConversation();
    String dealId = leads.create(conversation, LeadAction.CREATE_DEAL, null).dealId();
    responsible.firstAnswered(conversation, "operator-1");

    assertThat(responsible.transferred(conversation, "operator-2")).isTrue();

    assertThat(responsible.responsibleFor(conversation)).contains("operator-2");
    assertThat(crm.findDeal(dealId).orElseThrow().responsibleOperatorId()).isEqualTo("operator-2");
  }

  @Test
  void aConversationWithoutContactHasNobodyResponsible() {
    String unknown = unique("conversation");
    assertThat(responsible.responsibleFor(unknown)).isEmpty();
    assertThat(responsible.firstAnswered(unknown, "operator-1")).isEmpty();
    assertThat(responsible.transferred(unknown, "operator-2")).isFalse();
  }

  private String newClientConversation() {
    String conversation = unique("conversation");
    tracker.identify(conversation, "telegram", unique("tg"), "Ida", null, unique("ida") + "@example.com");
    return conversation;
  }
}
