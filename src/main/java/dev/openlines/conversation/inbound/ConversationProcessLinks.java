package dev.openlines.conversation.inbound;

import dev.openlines.conversation.ConversationProcessRecords;
import org.springframework.stereotype.Component;

/**
 * Which process instance is a conversation's process: the first one to link itself. The engine already
 * refuses a second instance started by the conversation's start message while the first runs; this is
 * the guard for every other way a second one could appear (the start resent after the first instance
 * ended, a recovery instance created beside a start that was still queued).
 */
@Component
class ConversationProcessLinks {

  enum Outcome {
    /** This instance is the conversation's process (also when it had linked itself before). */
    LINKED,
    /** Another instance is the conversation's process: this one is a duplicate. */
    OTHER_PROCESS_LINKED,
    /** No such conversation is stored (e.g. a process started by hand): nothing to guard. */
    NOT_STORED
  }

  private final ConversationProcessRecords processes;

  ConversationProcessLinks(ConversationProcessRecords processes) {
    this.processes = processes;
  }

  Outcome link(String conversationId, long processInstanceKey) {
    return processes.linkProcess(conversationId, processInstanceKey)
        .map(linked -> linked == processInstanceKey ? Outcome.LINKED : Outcome.OTHER_PROCESS_LINKED)
        .orElse(Outcome.NOT_STORED);
  }
}
