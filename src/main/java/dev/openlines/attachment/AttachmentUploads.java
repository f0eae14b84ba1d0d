package dev.openlines.attachment;

import dev.openlines.connector.ConnectorSettings;
import dev.openlines.connector.OutboundMessage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Takes a file a visitor or an operator uploads into a conversation: checks it against the connector's limits (size,
 * type), then stores it. The type is read from the content and the name (Apache Tika), so a page renamed to
 * {@code .png} is not accepted as a picture; what the browser claims is not trusted.
 */
@Service
public class AttachmentUploads {

  private static final int MAX_NAME = 200;

  private final AttachmentStore store;
  private final Tika tika = new Tika();

  AttachmentUploads(AttachmentStore store) {
    this.store = store;
  }

  /**
   * @return the stored file as a message attachment, its url the store's reference
   * @throws AttachmentProblems.TooLarge over the connector's {@code maxAttachmentBytes}
   * @throws AttachmentProblems.UnsupportedType a type the connector's {@code attachmentTypes} does not list
   */
  public OutboundMessage.Attachment accept(MultipartFile file, ConnectorSettings connector) {
    if (file == null || file.isEmpty()) {
      throw new AttachmentProblems.Empty();
    }
    if (file.getSize() > connector.maxAttachmentBytes()) {
      throw new AttachmentProblems.TooLarge(file.getSize(), connector.maxAttachmentBytes());
    }
    String name = safeName(file.getOriginalFilename());
    try (InputStream in = new BufferedInputStream(file.getInputStream())) {
      String type = tika.detect(in, name);
      if (!allowed(type, connector.uploadTypes())) {
        throw new AttachmentProblems.UnsupportedType(type, connector.uploadTypes());
      }
      AttachmentStore.StoredFile stored = store.store(name, type, in);
      return new OutboundMessage.Attachment(name, type, stored.size(), stored.reference());
    } catch (IOException unreadable) {
      throw new UncheckedIOException("Reading an uploaded file failed", unreadable);
    }
  }

  static boolean allowed(String detected, List<String> allowed) {
    MediaType type = MediaType.parse(detected);
    if (type == null) {
      return false;
    }
    return allowed.stream().anyMatch(entry -> entry.endsWith("/*")
        ? type.getType().equals(entry.substring(0, entry.length() - 2))
        : type.getBaseType().toString().equals(entry));
  }

  /** The file's own name without any folder a browser sent along, control characters or quotes; at most 200 characters. */
  static String safeName(String original) {
    String name = original == null ? "" : original;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
    if (name.isEmpty()) {
      name = "file";
    }
    return name.length() > MAX_NAME ? name.substring(name.length() - MAX_NAME) : name;
  }
}
