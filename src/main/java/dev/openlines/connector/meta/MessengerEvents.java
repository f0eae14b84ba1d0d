package dev.openlines.connector.meta;

import dev.openlines.connector.InboundMessage;
import java.time.Instant;
import java.util.List;

/**
 * What one Messenger Platform webhook batch holds for one page or Instagram account.
 *
 * @param messages the clients' messages (echoes of the page's own messages left out)
 * @param receipts delivery and read receipts of the page's messages
 */
record MessengerEvents(List<InboundMessage> messages, List<Receipt> receipts) {

  /**
   * @param mids the messages delivered or read, when the platform names them
   * @param watermark for a Messenger watermark receipt: everything sent before it is delivered or read
   */
  record Receipt(String clientId, boolean read, List<String> mids, Instant watermark) {}
}
