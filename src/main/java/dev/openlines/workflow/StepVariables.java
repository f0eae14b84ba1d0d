package dev.openlines.workflow;

/**
 * The variables the steps of a process set and the messages carry in: workers' outputs, decision inputs
 * and results, and what operators and routing send with their messages. Part of {@link Workflow.Variable};
 * read them from there.
 */
public interface StepVariables {

  /** The client's rating, 1-5, sent with {@code client-rated}. */
  String CLIENT_RATING = "clientRating";
  String CLIENT_RATING_COMMENT = "clientRatingComment";
  String OPERATOR_ID = "operatorId";
  String CONTACT_ID = "contactId";
  /** Output of {@code crm.identify}: the contact existed before this conversation. */
  String CLIENT_RECOGNISED = "clientRecognised";
  /** Output of {@code crm.identify}: the contact card has a phone number or an e-mail address. */
  String HAS_CONTACT_DETAILS = "hasContactDetails";
  /** Output of {@code crm.identify}: the operator responsible for the client in the CRM, or null. */
  String RESPONSIBLE_OPERATOR_ID = "responsibleOperatorId";
  /**
   * ISO date-time "Nobody answered in time" fires at, set by "No-answer clock started" each time the
   * conversation needs an operator; kept with the routing state so that a recovered process keeps it.
   */
  String NO_ANSWER_AT = "noAnswerAt";
  /** Output of the {@code lead-creation} DMN ({@code dev.openlines.crm.LeadAction}). */
  String LEAD_ACTION = "leadAction";
  /** Output of {@code crm.create-lead}: the lead or the deal created for this conversation. */
  String LEAD_ID = "leadId";
  /** CRM form: the operator who gets the submission's lead or deal, and why ({@code FormSubmission.Assignment}). */
  String ASSIGNEE_OPERATOR_ID = "assigneeOperatorId";
  String ASSIGNED_BY = "assignedBy";
  String DEAL_ID = "dealId";
  /** Boolean from {@code hours.check}; a start variable (true) when the channel has no working hours. */
  String WITHIN_WORKING_HOURS = "withinWorkingHours";
  /**
   * ISO-8601 date-time from {@code hours.check}: when the channel opens (now when open); absent
   * when it never opens. Usable directly as a timer's {@code timeDate}.
   */
  String NEXT_OPENING = "nextOpening";
  /**
   * ISO-8601 date-time carried by the message {@code working-hours-changed}: when the admin saved the hours.
   * A client held until the opening and served by that change counts the operators' first reply from it.
   */
  String HOURS_CHANGED_AT = "hoursChangedAt";
  /** Input of {@code message.send} when it has neither a template nor a text header. */
  String MESSAGE_TEXT = "messageText";
  /**
   * Boolean from {@code message.send}: true when the messenger accepted the text; false when the text
   * was empty (automatic message off), refused, or queued for a retry.
   */
  String MESSAGE_SENT = "messageSent";
  /** From {@code message.send}: the id of the message it stored and delivered. */
  String SENT_MESSAGE_ID = "sentMessageId";
  /**
   * Boolean from {@code message.send}: the messenger refused the message for good (e.g. the client
   * blocked the bot). The refusal is recorded on the conversation and the message; the process goes on.
   */
  String DELIVERY_REFUSED = "deliveryRefused";
  /**
   * Boolean from {@code message.send}: the messenger is unreachable for now; the message is stored and
   * delivered by the background retry once it is back. The process goes on.
   */
  String DELIVERY_QUEUED = "deliveryQueued";
  /** With {@code deliveryRefused}: the messenger's reason. */
  String DELIVERY_ERROR = "deliveryError";
  /**
   * ISO-8601 date-time from {@code kpi.start-clock}: when the reply becomes late (timer timeDate);
   * null when the channel does not track that limit.
   */
  String KPI_DUE_AT = "kpiDueAt";
  /** ISO-8601 date-time the operators' first reply is late at, as "Keep when the first reply is late" stored it. */
  String FIRST_REPLY_DUE_AT = "firstReplyDueAt";
  /** Input of {@code conversation.set-deadline}: ISO-8601 duration from now, e.g. PT30M. */
  String DEADLINE_IN = "deadlineIn";
  /** Output of {@code conversation.set-deadline} (header deadline=OFFER_EXPIRY). */
  String OFFER_EXPIRES_AT = "offerExpiresAt";
  /** Output of {@code conversation.set-deadline} (header deadline=INACTIVITY_TIMEOUT). */
  String INACTIVITY_TIMEOUT_AT = "inactivityTimeoutAt";
  /** Output of {@code conversation.silence-decide}: the client stayed silent, close now. */
  String CLOSE_FOR_SILENCE = "closeForSilence";
  /** Output of {@code conversation.silence-decide}: the channel's auto-close text (empty = none). */
  String AUTO_CLOSE_TEXT = "autoCloseText";
  /** Output of {@code conversation.check-rating-wait}: REOPEN, OVER or KEEP_WAITING. */
  String RATING_WAIT_OUTCOME = "ratingWaitOutcome";
  /** Output of {@code conversation.set-deadline} (header deadline=RATING_WAIT_END). */
  String RATING_WAIT_ENDS_AT = "ratingWaitEndsAt";
  /** Output of {@code conversation.set-deadline} (header deadline=REOPENING). */
  String REOPENS_AT = "reopensAt";
  /** Output of {@code conversation.set-deadline} (header deadline=BOT_SILENCE): operators take over then. */
  String BOT_SILENT_UNTIL = "botSilentUntil";

  // Inputs of the decision table "distribution" besides clientRecognised, responsibleOperatorId
  // and withinWorkingHours above (missing ones read as null and match "-").
  String RESPONSIBLE_ONLINE = "responsibleOnline";
  String LANGUAGE = "language";
  String PRIORITY = "priority";
  /** Result of the decision table: {target, targetChannelId, targetDepartmentId}. */
  String DISTRIBUTION = "distribution";
  /** CRM form: the client's responsible person is at work now (not dismissed, on vacation, on a break or clocked out). */
  String RESPONSIBLE_AT_WORK = "responsibleAtWork";
  /** {@code conversation.set-deadline}: the instant itself (ISO-8601 date-time), instead of {@code deadlineIn}. */
  String DEADLINE_AT = "deadlineAt";
  /**
   * The distribution mode of the channel whose queue takes the conversation (the one it was transferred
   * to, else its own); input of the decision operator-picker. Given with the start variables (the channel's
   * own), set again by every routing.offer (as the channel has it then, so the next round of a waiting
   * conversation reads an admin's change) and by routing.check-responsible, which the model runs only
   * for a responsible operator or a transfer to another channel.
   */
  String CHANNEL_DISTRIBUTION_MODE = "channelDistributionMode";
  /** Result of the decision operator-picker, read by routing.offer; null: the queue's own mode picks. */
  String OPERATOR_PICKER = "operatorPicker";

  // Set by routing.offer.
  String OFFERED_OPERATOR_IDS = "offeredOperatorIds";
  String DISTRIBUTION_MODE = "distributionMode";
  /** ISO-8601 duration of the channel's idle time, the offer's timer. */
  String IDLE_TIME = "idleTime";
  String OFFER_ROUND = "offerRound";
  // Set by routing.withdraw-offer when withdrawing an offer an operator had just answered.
  String ANSWERED_MEANWHILE = "answeredMeanwhile";
  /** Sent with offer-skipped. */
  String SKIPPED_OPERATOR_ID = "skippedOperatorId";

  // Sent by the operator API (dev.openlines.conversation.ConversationCommands).
  /** With transfer, conversation-closed and spam: the operator who asked for it. */
  String ACTING_OPERATOR_ID = "actingOperatorId";
  /** With transfer: the colleague to hand the conversation to (or TRANSFER_TO_CHANNEL_ID). */
  String TRANSFER_TO_OPERATOR_ID = "transferToOperatorId";
  /**
   * With intercept: the colleague taking the conversation over. Not named operatorId: the message's
   * variables could shadow the process's operatorId inside the event sub-process.
   */
  String INTERCEPTING_OPERATOR_ID = "interceptingOperatorId";
  /** With transfer: the open channel whose queue takes the conversation (or TRANSFER_TO_OPERATOR_ID). */
  String TRANSFER_TO_CHANNEL_ID = "transferToChannelId";
}
