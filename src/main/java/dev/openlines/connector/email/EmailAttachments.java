package dev.openlines.connector.email;

import java.util.Optional;
import java.util.UUID;
import org.bson.types.Binary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

/**
 * Files clients mailed, kept in the store (within the connector's size limit) under a reference
 * {@code email-attachment:<id>}: unlike messengers, a mailbox offers no download link of its own.
 */
@Component
class EmailAttachments {

  static final String PREFIX = "email-attachment:";
  /** A stored document's hard limit is 16 MB; the rest of the record needs a little room. */
  static final long MAX_STORED_BYTES = 15L * 1024 * 1024;

  private final MongoTemplate mongo;

  EmailAttachments(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** @return the reference to the stored file */
  String store(String name, String contentType, byte[] content) {
    String id = UUID.randomUUID().toString();
    mongo.insert(new StoredFile(id, name, contentType, new Binary(content)));
    return PREFIX + id;
  }

  Optional<StoredFile> load(String reference) {
    if (reference == null || !reference.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return Optional.ofNullable(mongo.findById(reference.substring(PREFIX.length()), StoredFile.class));
  }

  @Document("email_attachments")
  record StoredFile(@Id String id, String name, String contentType, Binary content) {}
}
