package dev.openlines.crm;

import static dev.openlines.crm.ChatTrackerTest.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LeadServiceTest {

  @Autowired LeadService leads;
  @Autowired ChatTracker tracker;
  @Autowired CrmPort crm;
  @Autowired MongoTemplate mongo;

  @Test
  void concurrentDeliveriesOfOneCreateLeadJobMakeOneLead() throws Exception {
    String conversation = identified();
    var pool = Executors.newFixedThreadPool(8);
    var start = new CountDownLatch(1);
    try {
      List<Future<String>> ids =
          IntStream.range(0, 8)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            return leads.create(conversation, LeadAction.CREATE_LEAD, null).leadId();
                          }))
              .toList();
      start.countDown();
      Set<String> distinct = ids.stream().map(LeadServiceTest::get).collect(Collectors.toSet());

      assertThat(distinct).hasSize(1);
      assertThat(mongo.count(query(where("conversationId").is(conversation)), Lead.class)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRepeatedCreateDealJobFindsTheDealOfTheFirstAndLinksItOnTheCard() {
    String conversation = identified();

    String first = leads.create(conversation, LeadAction.CREATE_DEAL, null).dealId();
    String again = leads.create(conversation, LeadAction.CREATE_DEAL, null).dealId();

    assertThat(again).isEqualTo(first);
    assertThat(mongo.count(query(where("conversationId").is(conversation)), Deal.class)).isEqualTo(1);
    assertThat(crm.findCard(conversation).orElseThrow().dealId()).isEqualTo(first);
  }

  @Test
  void theManualButtonGivesTheSameLeadAsTheAutomaticOneAndTheOperatorIsResponsible() {
    String conversation = identified();

    Lead manual = leads.createManually(conversation, "operator-9");
    String automatic = leads.create(conversation, LeadAction.CREATE_LEAD, null).leadId();

    assertThat(automatic).isEqualTo(manual.id());
    assertThat(manual.responsibleOperatorId()).isEqualTo("operator-9");
    assertThat(manual.source()).isEqualTo("telegram");
  }

  @Test
  void theStoreRejectsASecondLeadForOneConversation() {
    String conversation = unique("conversation");
    mongo.insert(new Lead(unique("lead"), "Lead", "contact", "telegram", conversation, null, Instant.EPOCH));

    assertThatThrownBy(
            () -> mongo.insert(new Lead(unique("lead"), "Lead", "contact", "telegram", conversation, null, Instant.EPOCH)))
        .isInstanceOf(DuplicateKeyException.class);
    // leads entered by hand outside any conversation do not collide
    mongo.insert(new Lead(unique("lead"), "Walk-in", "contact", "phone", null, null, Instant.EPOCH));
    mongo.insert(new Lead(unique("lead"), "Walk-in", "contact", "phone", null, null, Instant.EPOCH));
  }

  @Test
  void aDealOfAnEmployeeBelongsToTheirCompany() {
    String conversation = identified();
    String contactId = crm.findCard(conversation).orElseThrow().contactId();
    Company company = crm.createCompany("Acme Ltd", "operator-4");
    assertThat(crm.linkToCompany(contactId, company.id())).isTrue();

    Deal deal = crm.findDeal(leads.create(conversation, LeadAction.CREATE_DEAL, null).dealId()).orElseThrow();

    assertThat(deal.companyId()).isEqualTo(company.id());
    assertThat(crm.findCompany(company.id()).orElseThrow().name()).isEqualTo("Acme Ltd");
    assertThat(crm.linkToCompany("no-such-contact", company.id())).isFalse();
  }

  @Test
  void nothingIsCreatedForAConversationWithoutContact() {
    assertThatThrownBy(() -> leads.create(unique("conversation"), LeadAction.CREATE_LEAD, null))
        .isInstanceOf(NoContactException.class);
  }

  @Test
  void actionsThatCreateNothingAreRefused() {
    String conversation = identified();
    assertThatThrownBy(() -> leads.create(conversation, LeadAction.OFFER_MANUAL, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(crm.findCard(conversation).orElseThrow().leadId()).isNull();
  }

  private String identified() {
    String conversation = unique("conversation");
    tracker.identify(conversation, "telegram", unique("tg"), "Jon", null, null);
    return conversation;
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
