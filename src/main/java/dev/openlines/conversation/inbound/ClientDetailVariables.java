package dev.openlines.conversation.inbound;

import dev.openlines.connector.InboundMessage.ClientProfile;
import dev.openlines.workflow.Workflow;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the messenger told about the client, as start variables of the conversation process: name,
 * phone and e-mail for the chat tracker ("Recognise the client"), the language for the distribution
 * decision. Only what is known is set, so a missing detail is a missing variable (null in FEEL).
 */
final class ClientDetailVariables {

  private ClientDetailVariables() {}

  static Map<String, Object> of(ClientProfile client) {
    Map<String, Object> variables = new HashMap<>();
    if (client == null) {
      return variables;
    }
    putIfPresent(variables, Workflow.Variable.CLIENT_NAME, client.name());
    putIfPresent(variables, Workflow.Variable.CLIENT_PHONE, client.phone());
    putIfPresent(variables, Workflow.Variable.CLIENT_EMAIL, client.email());
    putIfPresent(variables, Workflow.Variable.LANGUAGE, language(client.language()));
    return variables;
  }

  /**
   * The primary language subtag in lower case ("en-GB" and "EN_us" are "en"), so a decision row
   * written for "en" matches every English variant a browser or messenger sends.
   */
  static String language(String tag) {
    if (tag == null || tag.isBlank()) {
      return null;
    }
    String primary = tag.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    return primary.matches("[a-z]{2,8}") ? primary : null;
  }

  private static void putIfPresent(Map<String, Object> variables, String name, String value) {
    if (value != null && !value.isBlank()) {
      variables.put(name, value.strip());
    }
  }
}
