package dev.openlines.crm;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The built-in CRM, stored in MongoDB with single-document atomic writes only: uniqueness comes from
 * unique indexes, and a writer that loses a race reads the winner's document instead. An external
 * CRM replaces it by declaring its own {@link CrmPort} bean as {@code @Primary}.
 */
@Component
public class MongoCrm implements CrmPort {

  /** Two first messages of one client can race at most once per detail; more losses mean a bug. */
  private static final int MAX_IDENTIFY_ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(MongoCrm.class);

  private final MongoTemplate mongo;
  private final Clock clock;

  public MongoCrm(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  @PostConstruct
  void ensureIndexes() {
    mongo.indexOps(ContactKey.class).ensureIndex(new Index().on("kind", Sort.Direction.ASC).on("value", Sort.Direction.ASC).unique().named("kind_value_unique"));
    mongo.indexOps(ContactKey.class).ensureIndex(new Index().on("contactId", Sort.Direction.ASC));
    mongo.indexOps(Lead.class).ensureIndex(new Index().on("conversationId", Sort.Direction.ASC).unique().sparse().named("conversation_unique"));
    mongo.indexOps(Lead.class).ensureIndex(new Index().on("contactId", Sort.Direction.ASC));
    mongo.indexOps(Deal.class).ensureIndex(new Index().on("conversationId", Sort.Direction.ASC).unique().sparse().named("conversation_unique"));
    mongo.indexOps(Deal.class).ensureIndex(new Index().on("contactId", Sort.Direction.ASC));
    mongo.indexOps(ConversationCard.class).ensureIndex(new Index().on("contactId", Sort.Direction.ASC));
    mongo.indexOps(ConversationLog.class).ensureIndex(new Index().on("contactId", Sort.Direction.ASC));
  }

  @Override
  public IdentifiedContact identify(String conversationId, ClientDetails client) {
    List<ContactKey> keys = client.keys();
    ContactKey identity = keys.get(0);
    Optional<String> ownerNow = firstOwner(keys);
    // A conversation is linked to a contact only after the client's identity key was claimed (and keys are
    // never removed): while none of the client's keys is claimed, no earlier attempt linked it, nothing to read.
    Optional<String> linkedBefore = ownerNow.isEmpty() ? Optional.empty() : findCard(conversationId).map(ConversationCard::contactId);
    for (int attempt = 1; attempt <= MAX_IDENTIFY_ATTEMPTS; attempt++) {
      Optional<String> owner = attempt == 1 ? ownerNow : firstOwner(keys);
      Optional<String> known = linkedBefore.or(() -> owner);
      String contactId = known.orElseGet(() -> UUID.randomUUID().toString());
      if (!claim(identity, contactId)) {
        if (known.isEmpty()) {
          continue; // a concurrent first message of the same client created the contact: use that one
        }
        log.info("Contact {} matched by phone or e-mail, but {} already belongs to another contact", contactId, identity.value());
      }
      // The contact as this upsert leaves it answers the job: no read after the writes.
      Contact contact = createIfMissing(contactId, conversationId, client);
      boolean detailAdded = false;
      for (ContactKey detail : keys.subList(1, keys.size())) {
        if (claim(detail, contactId)) {
          addDetail(contactId, detail);
          detailAdded = true;
        }
      }
      link(conversationId, contactId, client.identity().connectorType());
      return new IdentifiedContact(
          contactId,
          !conversationId.equals(contact.createdByConversationId()),
          contact.responsibleOperatorId(),
          detailAdded || contact.hasContactDetails());
    }
    throw new IllegalStateException(
        "Could not settle the contact of " + identity.value() + " after " + MAX_IDENTIFY_ATTEMPTS + " attempts");
  }

  private Optional<String> firstOwner(List<ContactKey> keys) {
    Criteria[] any =
        keys.stream().map(k -> where("kind").is(k.kind()).and("value").is(k.value())).toArray(Criteria[]::new);
    Query owners = query(new Criteria().orOperator(any));
    owners.fields().include("kind", "value", "contactId");
    return mongo.find(owners, ContactKey.class).stream()
        .min(Comparator.comparing(ContactKey::kind)) // IDENTITY, then PHONE, then EMAIL
        .map(ContactKey::contactId);
  }

  /** @return true when the detail now belongs to the contact (claimed now or before) */
  private boolean claim(ContactKey key, String contactId) {
    try {
      mongo.insert(key.claimedBy(contactId));
      return true;
    } catch (DuplicateKeyException alreadyClaimed) {
      Query owner = query(where("kind").is(key.kind()).and("value").is(key.value()));
      owner.fields().include("contactId");
      ContactKey claim = mongo.findOne(owner, ContactKey.class);
      return claim != null && contactId.equals(claim.contactId());
    }
  }

  /**
   * Creates the contact (with the client's name) or adds this identity to it, in one upsert that returns the
   * contact; only a contact known before without a name is written once more to get it.
   */
  private Contact createIfMissing(String contactId, String conversationId, ClientDetails client) {
    Update upsert = new Update()
        .setOnInsert("createdByConversationId", conversationId)
        .setOnInsert("createdAt", clock.instant())
        .addToSet("identities", client.identity());
    if (client.name() != null) {
      upsert.setOnInsert("name", client.name());
    }
    Query byId = query(where("_id").is(contactId));
    byId.fields().include("name", "phones", "emails", "responsibleOperatorId", "createdByConversationId");
    Contact contact = mongo.findAndModify(byId, upsert, FindAndModifyOptions.options().upsert(true).returnNew(true), Contact.class);
    if (client.name() != null && contact.name() == null) {
      mongo.updateFirst(
          query(where("_id").is(contactId).and("name").is(null)), new Update().set("name", client.name()), Contact.class);
    }
    return contact;
  }

  private void addDetail(String contactId, ContactKey detail) {
    String field = detail.kind() == ContactKey.Kind.PHONE ? "phones" : "emails";
    mongo.updateFirst(query(where("_id").is(contactId)), new Update().addToSet(field, detail.value()), Contact.class);
  }

  private void link(String conversationId, String contactId, String connectorType) {
    mongo.upsert(
        query(where("_id").is(conversationId)),
        new Update()
            .setOnInsert("contactId", contactId)
            .setOnInsert("connectorType", connectorType)
            .setOnInsert("linkedAt", clock.instant()),
        ConversationCard.class);
  }

  @Override
  public Optional<Contact> findContact(String contactId) {
    return Optional.ofNullable(mongo.findById(contactId, Contact.class));
  }

  @Override
  public Optional<ConversationCard> findCard(String conversationId) {
    return Optional.ofNullable(mongo.findById(conversationId, ConversationCard.class));
  }

  @Override
  public List<ConversationCard> conversationsOf(String contactId) {
    return mongo.find(query(where("contactId").is(contactId)).with(Sort.by("linkedAt", "_id")), ConversationCard.class);
  }

  @Override
  public Lead createLead(ConversationCard card, String title, String source, String responsibleOperatorId) {
    Lead lead =
        new Lead(
            UUID.randomUUID().toString(),
            title,
            card.contactId(),
            source,
            card.conversationId(),
            responsibleOperatorId,
            clock.instant());
    Lead stored = insertOncePerConversation(lead, card.conversationId(), Lead.class);
    linkOnCard(card, "leadId", stored.id());
    return stored;
  }

  @Override
  public Deal createDeal(ConversationCard card, String title, String source, String responsibleOperatorId) {
    String companyId = findContact(card.contactId()).map(Contact::companyId).orElse(null);
    Deal deal =
        new Deal(
            UUID.randomUUID().toString(),
            title,
            card.contactId(),
            companyId,
            source,
            card.conversationId(),
            responsibleOperatorId,
            clock.instant());
    Deal stored = insertOncePerConversation(deal, card.conversationId(), Deal.class);
    linkOnCard(card, "dealId", stored.id());
    return stored;
  }

  /** A repeated job (or the operator's button after the process) finds the record stored first: unique per conversation. */
  private <T> T insertOncePerConversation(T record, String conversationId, Class<T> type) {
    try {
      return mongo.insert(record);
    } catch (DuplicateKeyException createdBefore) {
      return mongo.findOne(query(where("conversationId").is(conversationId)), type);
    }
  }

  private void linkOnCard(ConversationCard card, String field, String id) {
    mongo.updateFirst(query(where("_id").is(card.conversationId())), new Update().set(field, id), ConversationCard.class);
  }

  @Override
  public Optional<Lead> findLead(String leadId) {
    return Optional.ofNullable(mongo.findById(leadId, Lead.class));
  }

  @Override
  public Optional<Deal> findDeal(String dealId) {
    return Optional.ofNullable(mongo.findById(dealId, Deal.class));
  }

  @Override
  public Company createCompany(String name, String responsibleOperatorId) {
    return mongo.insert(new Company(UUID.randomUUID().toString(), name, responsibleOperatorId, clock.instant()));
  }

  @Override
  public boolean linkToCompany(String contactId, String companyId) {
    return mongo.updateFirst(query(where("_id").is(contactId)), new Update().set("companyId", companyId), Contact.class)
            .getMatchedCount()
        == 1;
  }

  @Override
  public Optional<Company> findCompany(String companyId) {
    return Optional.ofNullable(mongo.findById(companyId, Company.class));
  }

  @Override
  public boolean assignResponsible(ConversationCard card, String operatorId, boolean keepExisting) {
    assign(Contact.class, card.contactId(), operatorId, keepExisting);
    if (card.leadId() != null) {
      assign(Lead.class, card.leadId(), operatorId, keepExisting);
    }
    if (card.dealId() != null) {
      assign(Deal.class, card.dealId(), operatorId, keepExisting);
    }
    Query contact = query(where("_id").is(card.contactId()));
    contact.fields().include("responsibleOperatorId");
    Contact now = mongo.findOne(contact, Contact.class);
    return now != null && operatorId.equals(now.responsibleOperatorId());
  }

  private void assign(Class<?> entity, String id, String operatorId, boolean keepExisting) {
    Criteria filter = where("_id").is(id);
    if (keepExisting) {
      filter = filter.and("responsibleOperatorId").is(null);
    }
    mongo.updateFirst(query(filter), new Update().set("responsibleOperatorId", operatorId), entity);
  }

  @Override
  public void saveLog(ConversationLog conversationLog) {
    mongo.save(conversationLog);
  }

  @Override
  public Optional<ConversationLog> findLog(String conversationId) {
    return Optional.ofNullable(mongo.findById(conversationId, ConversationLog.class));
  }

  @Override
  public List<ConversationLog> logsOfContact(String contactId) {
    return mongo.find(
        query(where("contactId").is(contactId)).with(Sort.by("savedAt")), ConversationLog.class);
  }
}
