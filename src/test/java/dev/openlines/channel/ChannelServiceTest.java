package dev.openlines.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChannelServiceTest {

  @Autowired ChannelService channels;
  @Autowired ChannelRepository repository;

  static String newId() {
    return "ch-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static QueueSettings queue(Duration idleTime, Integer chatLimit) {
    return new QueueSettings(
        List.of(QueueEntry.operator("anna"), QueueEntry.department("sales")),
        DistributionMode.STRICT,
        idleTime,
        chatLimit,
        LimitExclusion.CLOSED,
        true);
  }

  static OpenChannel channel(String id, QueueSettings queue) {
    return new OpenChannel(id, "Support", ZoneId.of("Europe/Berlin"), queue);
  }

  @Test
  void savesAndReadsBackEveryQueueSetting() {
    String id = newId();
    channels.save(channel(id, queue(Duration.ofMinutes(3), 2)));

    OpenChannel stored = channels.get(id);
    assertThat(stored.getTimeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(stored.getQueue()).isEqualTo(queue(Duration.ofMinutes(3), 2));
  }

  @Test
  void crmSettingsAndOffHoursQueueingAreStoredAndAChannelWithoutCrmSettingsReadsTheDefaults() {
    String id = newId();
    OpenChannel channel = channel(id, queue(Duration.ofMinutes(3), 2));
    channels.save(channel);
    assertThat(channels.get(id).getCrm()).isEqualTo(dev.openlines.channel.CrmSettings.defaults());
    assertThat(channels.get(id).isQueueOutsideWorkingHours()).isFalse();

    channel.setCrm(new dev.openlines.channel.CrmSettings(dev.openlines.channel.LeadCreationMode.DEAL, false, true));
    channel.setQueueOutsideWorkingHours(true);
    channels.save(channel);
    assertThat(channels.get(id).getCrm())
        .isEqualTo(new dev.openlines.channel.CrmSettings(dev.openlines.channel.LeadCreationMode.DEAL, false, true));
    assertThat(channels.get(id).isQueueOutsideWorkingHours()).isTrue();

    OpenChannel withoutLeadChoice = channel(newId(), queue(Duration.ofMinutes(3), 2));
    withoutLeadChoice.setCrm(new dev.openlines.channel.CrmSettings(null, false, false));
    assertRejected(withoutLeadChoice, "crm.leadCreation");
  }

  @Test
  void theRatingWaitIsZeroToSixtyMinutes() {
    OpenChannel longest = channel(newId(), queue(Duration.ofMinutes(3), 2));
    longest.setClosing(new ClosingSettings(Duration.ofMinutes(60), true));
    channels.save(longest);
    assertThat(channels.get(longest.getId()).getClosing()).isEqualTo(new ClosingSettings(Duration.ofMinutes(60), true));
    assertThat(channels.get(longest.getId()).getCrm()).isEqualTo(dev.openlines.channel.CrmSettings.defaults());

    OpenChannel tooLong = channel(newId(), queue(Duration.ofMinutes(3), 2));
    tooLong.setClosing(new ClosingSettings(Duration.ofMinutes(61), false));
    assertRejected(tooLong, "closing.ratingWait");
    OpenChannel negative = channel(newId(), queue(Duration.ofMinutes(3), 2));
    negative.setClosing(new ClosingSettings(Duration.ofMinutes(-1), false));
    assertRejected(negative, "closing.ratingWait");
  }

  @Test
  void idleTimeBoundsAreOneMinuteAndTwelveHoursInclusive() {
    channels.save(channel(newId(), queue(Duration.ofMinutes(1), null)));
    channels.save(channel(newId(), queue(Duration.ofHours(12), null)));

    assertRejected(channel(newId(), queue(Duration.ofSeconds(59), null)), "queue.idleTime");
    assertRejected(channel(newId(), queue(Duration.ofHours(12).plusSeconds(1), null)), "queue.idleTime");
    assertRejected(channel(newId(), queue(null, null)), "queue.idleTime");
  }

  @Test
  void chatLimitIsOptionalButPositive() {
    channels.save(channel(newId(), queue(Duration.ofMinutes(5), 1)));
    assertRejected(channel(newId(), queue(Duration.ofMinutes(5), 0)), "queue.chatLimit");
    assertRejected(channel(newId(), queue(Duration.ofMinutes(5), -3)), "queue.chatLimit");
  }

  @Test
  void queueNeedsAtLeastOneCompleteEntryAModeAndAnExclusion() {
    Duration idle = Duration.ofMinutes(5);
    assertRejected(
        channel(newId(), new QueueSettings(List.of(), DistributionMode.ALL, idle, null, LimitExclusion.CLOSED, false)),
        "queue.entries");
    assertRejected(
        channel(
            newId(),
            new QueueSettings(
                List.of(new QueueEntry(null, " ")), DistributionMode.ALL, idle, null, LimitExclusion.CLOSED, false)),
        "queue.entries[0].kind",
        "queue.entries[0].id");
    assertRejected(
        channel(
            newId(),
            new QueueSettings(List.of(QueueEntry.operator("a")), null, idle, null, null, false)),
        "queue.mode",
        "queue.limitExclusion");
    assertRejected(channel(newId(), null), "queue");
  }

  @Test
  void channelNeedsAUsableIdANameAndATimeZone() {
    QueueSettings valid = queue(Duration.ofMinutes(5), null);
    assertRejected(new OpenChannel("Has.Dot", "Support", ZoneId.of("UTC"), valid), "id");
    assertRejected(new OpenChannel(newId(), " ", null, valid), "name", "timeZone");
  }

  private void assertRejected(OpenChannel channel, String... paths) {
    assertThatThrownBy(() -> channels.save(channel))
        .isInstanceOfSatisfying(
            ConstraintViolationException.class,
            e ->
                assertThat(
                        e.getConstraintViolations().stream()
                            .map(ConstraintViolation::getPropertyPath)
                            .map(Object::toString)
                            .collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(paths));
    if (channel.getId() != null) {
      assertThat(repository.existsById(channel.getId())).as("nothing stored").isFalse();
    }
  }
}
