package dev.openlines.channel;

import dev.openlines.api.ProblemField;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What a channel's clients are shown of the operator who writes to them (the live chat's name and photo
 * above an operator's message).
 *
 * @param mode OWN_PROFILE: the operator's own name and photo; CHANNEL_ENTRIES: the name and photo the
 *     channel sets for that operator in {@code entries} (an operator without an entry is shown
 *     without name); HIDDEN: neither
 * @param entries one per operator, for CHANNEL_ENTRIES
 */
@Document("channelOperatorDisplay")
public record OperatorDisplay(
    @Id @NotBlank String channelId,
    @NotNull(message = "choose OWN_PROFILE, CHANNEL_ENTRIES or HIDDEN") Mode mode,
    List<@NotNull(message = "an entry may not be null") @Valid Entry> entries) {

  public OperatorDisplay {
    // Null elements are kept for validation to name them (List.copyOf would throw instead).
    entries = entries == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(entries));
  }

  public enum Mode {
    OWN_PROFILE,
    CHANNEL_ENTRIES,
    HIDDEN
  }

  /** The name and photo (an http(s) URL) a channel shows for one operator. */
  public record Entry(
      @NotBlank(message = "an entry needs the operatorId it stands for") String operatorId,
      @NotBlank(message = "give the name clients see") @Size(max = 100, message = "a name shown to clients is at most 100 characters") String name,
      @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "a photo is an http or https URL") String photoUrl) {}

  /** What a channel never configured shows: the operator's own profile (what OpenLines always did). */
  public static OperatorDisplay ownProfile(String channelId) {
    return new OperatorDisplay(channelId, Mode.OWN_PROFILE, List.of());
  }

  @AssertTrue(message = "give each operator one entry only")
  @ProblemField("entries")
  boolean isOneEntryPerOperator() {
    return entries.stream().filter(Objects::nonNull).map(Entry::operatorId).distinct().count()
        == entries.stream().filter(Objects::nonNull).count();
  }

  @AssertTrue(message = "entries are used with mode CHANNEL_ENTRIES only: set the mode or leave the entries out")
  @ProblemField("entries")
  boolean isEntriesOnlyWithChannelEntries() {
    return mode == null || mode == Mode.CHANNEL_ENTRIES || entries.isEmpty();
  }

  /**
   * What the client sees for this operator.
   *
   * @param ownName the operator's name in their profile
   * @param ownPhotoUrl the operator's photo in their profile; may be null
   */
  public Shown shown(String operatorId, String ownName, String ownPhotoUrl) {
    return switch (mode) {
      case OWN_PROFILE -> new Shown(ownName, ownPhotoUrl);
      case CHANNEL_ENTRIES -> entries.stream().filter(entry -> entry != null && operatorId.equals(entry.operatorId())).findFirst()
          .map(entry -> new Shown(entry.name(), entry.photoUrl()))
          .orElse(Shown.NOTHING);
      case HIDDEN -> Shown.NOTHING;
    };
  }

  /** A name and a photo URL, either null when not shown. */
  public record Shown(String name, String photoUrl) {
    static final Shown NOTHING = new Shown(null, null);
  }
}
