package dev.openlines.conversation.inbound;

import dev.openlines.conversation.ConversationProcessRecords;
import org.springframework.stereotype.Component;

/**
 * Which process instance is a conversation's process: the first one to link itself. This is the guard
 * against every way a second one can appear: the start sent again after its answer was lost (while the
 * first instance runs or after it ended), a recovery instance created beside a start that was still queued.
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
