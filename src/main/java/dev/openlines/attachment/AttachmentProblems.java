package dev.openlines.attachment;

import dev.openlines.api.ApiException;
import org.springframework.http.HttpStatus;

/** Uploads a connector does not take: refused before anything is stored. */
public final class AttachmentProblems {

  private AttachmentProblems() {}

  /** 413: over the connector's size limit. */
  public static class TooLarge extends ApiException {
    TooLarge(long size, long limit) {
      super(HttpStatus.PAYLOAD_TOO_LARGE,
          "The file has " + size + " bytes; this channel accepts files up to " + limit + " bytes (its connector's maxAttachmentBytes)");
    }
  }

  /** 415: a type the connector does not take. */
  public static class UnsupportedType extends ApiException {
    UnsupportedType(String type, java.util.List<String> allowed) {
      super(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "The file is " + type + "; this channel accepts " + String.join(", ", allowed) + " (its connector's attachmentTypes)");
    }
  }

  /** 400: no file, or an empty one. */
  public static class Empty extends ApiException {
    Empty() {
      super(HttpStatus.BAD_REQUEST, "Send the file as multipart/form-data part 'file'; it must not be empty");
    }
  }
}
