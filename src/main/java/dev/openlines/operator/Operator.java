package dev.openlines.operator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A person who answers conversations. Profile fields are edited by admins; presence by the operator;
 * {@code load}, {@code counted} and {@code lastAssignedAt} only by routing's atomic updates, so this
 * document is never saved whole after it was created.
 */
@Document("operators")
public class Operator {

  @Id @NotBlank private String id;
  @NotBlank private String name;
  /** The operator's photo (http or https URL) clients may be shown; null when none. */
  private String photoUrl;
  @Indexed private Set<@NotBlank String> departmentIds = Set.of();
  private boolean dismissed;
  private List<@NotNull @Valid DateRange> vacations = List.of();
  @NotNull private Presence presence = Presence.OFFLINE;
  private boolean clockedIn;
  private Instant lastAssignedAt;
  /** Per channel id: conversations that currently count against the channel's chat limit. */
  private Map<String, Integer> load = Map.of();
  /** Conversations counted in {@link #load}; makes every change to the counters idempotent. */
  private Set<String> counted = Set.of();

  protected Operator() {}

  public Operator(String id, String name, Set<String> departmentIds) {
    this.id = id;
    this.name = name;
    this.departmentIds = departmentIds == null ? Set.of() : Set.copyOf(departmentIds);
  }

  public boolean isOnVacation(LocalDate day) {
    return vacations != null && vacations.stream().anyMatch(range -> range.contains(day));
  }

  /** Online, or clocked in without having stepped away. */
  public boolean isPresent() {
    return presence == Presence.ONLINE || (clockedIn && presence != Presence.AWAY);
  }

  public int loadIn(String channelId) {
    return load == null ? 0 : load.getOrDefault(channelId, 0);
  }

  public String getId() {
    return id;
  }

  public String getPhotoUrl() {
    return photoUrl;
  }

  public void setPhotoUrl(String photoUrl) {
    this.photoUrl = photoUrl;
  }

  public String getName() {
    return name;
  }

  public Set<String> getDepartmentIds() {
    return departmentIds == null ? Set.of() : departmentIds;
  }

  public boolean isDismissed() {
    return dismissed;
  }

  public List<DateRange> getVacations() {
    return vacations == null ? List.of() : vacations;
  }

  public Presence getPresence() {
    return presence;
  }

  public boolean isClockedIn() {
    return clockedIn;
  }

  public Instant getLastAssignedAt() {
    return lastAssignedAt;
  }

  public Map<String, Integer> getLoad() {
    return load == null ? Map.of() : load;
  }

  public Set<String> getCounted() {
    return counted == null ? Set.of() : counted;
  }

  public void setVacations(List<DateRange> vacations) {
    this.vacations = vacations == null ? List.of() : List.copyOf(vacations);
  }
}
