package dev.openlines.crm;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An organisation that contacts work for. */
@Document(Company.COLLECTION)
public record Company(@Id String id, String name, String responsibleOperatorId, Instant createdAt) {

  public static final String COLLECTION = "crm_companies";
}
