package dev.openlines.conversation;

import dev.openlines.connector.ClientMessenger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The {@link ClientMessenger} beans by connector type. */
@Component
public class ClientMessengers {

  private final Map<String, ClientMessenger> byType;

  public ClientMessengers(List<ClientMessenger> messengers) {
    this.byType = messengers.stream().collect(Collectors.toUnmodifiableMap(ClientMessenger::connectorType, Function.identity()));
  }

  public Optional<ClientMessenger> forType(String connectorType) {
    return Optional.ofNullable(connectorType).map(byType::get);
  }
}
