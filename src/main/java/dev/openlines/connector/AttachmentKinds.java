package dev.openlines.connector;

/** Which kind of file a messenger API wants named for an attachment, by its content type. */
public final class AttachmentKinds {

  private AttachmentKinds() {}

  /** @return {@code image}, {@code video}, {@code audio}, or {@code otherwise} (each API names documents its own way) */
  public static String of(OutboundMessage.Attachment file, String otherwise) {
    String type = file.contentType() == null ? "" : file.contentType();
    if (type.startsWith("image/")) {
      return "image";
    }
    if (type.startsWith("video/")) {
      return "video";
    }
    if (type.startsWith("audio/")) {
      return "audio";
    }
    return otherwise;
  }
}
