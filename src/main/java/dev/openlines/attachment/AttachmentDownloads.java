package dev.openlines.attachment;

import dev.openlines.api.NotFoundException;
import dev.openlines.conversation.ConversationMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * Answers a download of a message's file, once the caller's right to the message is checked. Always as an
 * attachment with the stored type, never sniffed, in a sandbox: a file can never run as a page of OpenLines' origin.
 */
@Service
public class AttachmentDownloads {

  private final AttachmentStore store;

  AttachmentDownloads(AttachmentStore store) {
    this.store = store;
  }

  /**
   * @param index the file's place among the message's attachments, from 0
   * @throws NotFoundException no such file on the message, or one OpenLines does not keep (a messenger's own file)
   */
  public ResponseEntity<Resource> download(ConversationMessage message, int index) {
    List<ConversationMessage.StoredAttachment> files = message.getAttachments();
    if (index < 0 || index >= files.size()) {
      throw new NotFoundException("Message " + message.getId() + " has no attachment " + index
          + " (it has " + files.size() + ", counted from 0)");
    }
    AttachmentStore.StoredFile file = store.find(files.get(index).downloadReference())
        .orElseThrow(() -> new NotFoundException("Attachment " + index + " of message " + message.getId()
            + " is not kept by OpenLines (too large, or kept by the messenger it came from)"));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(file.contentType()))
        .contentLength(file.size())
        .cacheControl(CacheControl.noStore().cachePrivate())
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox; default-src 'none'")
        .body(new InputStreamResource(store.open(file)));
  }
}
