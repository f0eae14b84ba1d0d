package dev.openlines.routing;

import dev.openlines.channel.DistributionMode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Finds the picker the decision table named, or the one of the queue's distribution mode. */
@Component
class OperatorPickers {

  private final Map<String, OperatorPicker> byName;
  private final Map<DistributionMode, OperatorPicker> byMode;

  OperatorPickers(List<OperatorPicker> pickers) {
    this.byName = pickers.stream().collect(Collectors.toMap(OperatorPicker::name, Function.identity()));
    this.byMode = pickers.stream().collect(Collectors.toMap(OperatorPicker::mode, Function.identity()));
  }

  /**
   * @param name the result of the decision table {@code operator-picker}; blank when it chose none (the
   *     conversation goes to another channel's queue) or the process predates the table
   * @param queueMode the distribution mode of the queue's channel, used when no picker was named
   * @throws IllegalArgumentException for a name no picker has (the decision table needs fixing)
   */
  OperatorPicker choose(String name, DistributionMode queueMode) {
    if (name == null || name.isBlank()) {
      return byMode.get(queueMode);
    }
    OperatorPicker picker = byName.get(name);
    if (picker == null) {
      throw new IllegalArgumentException(
          "The decision operator-picker chose '" + name + "': use one of " + byName.keySet().stream().sorted().toList());
    }
    return picker;
  }
}
