package dev.openlines.tasklist;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a conversation operation: besides the usual callers ({@link ConversationAccessGate}), operators of the
 * queue the conversation was routed through may call it (taking over a colleague's conversation).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface QueueColleagues {}
