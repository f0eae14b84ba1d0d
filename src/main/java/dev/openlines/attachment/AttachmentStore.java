package dev.openlines.attachment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.bson.types.Binary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

/**
 * Files visitors and operators upload, kept in the document store in chunks of {@value #CHUNK_BYTES} bytes. A message
 * links a file by its reference {@code openlines-file:<id>}.
 *
 * <p>Not GridFS: GridFS reads a file's chunks with {@code find({files_id: id}).sort({n: 1})}, which needs its compound
 * index, and the embedded store uses no index but {@code _id} and unique indexes on equality of all their keys (see
 * DESIGN.md): every download would scan (and, on the H2 backend, deserialize) every chunk of every file ever stored.
 * Here each chunk's id is {@code <file id>:<n>}, so a file is read by its ids alone, on the embedded store and on MongoDB.
 * The chunks are written before the file's record: a file is visible only once it is whole.
 */
@Component
public class AttachmentStore {

  public static final String REFERENCE_PREFIX = "openlines-file:";
  /** Like GridFS's default: well below the 16 MB a document may hold, large enough for few round trips. */
  static final int CHUNK_BYTES = 255 * 1024;

  private final MongoTemplate mongo;
  private final Clock clock;

  AttachmentStore(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /**
   * A stored file.
   *
   * @param contentType the type read from the file's content and name when it was uploaded
   * @param sha256 hex digest of the content, for integrity checks and tests
   */
  @Document("attachment_files")
  public record StoredFile(@Id String id, String name, String contentType, long size, int chunks, String sha256, Instant storedAt) {

    public String reference() {
      return REFERENCE_PREFIX + id;
    }
  }

  @Document("attachment_chunks")
  record Chunk(@Id String id, Binary data) {}

  /** Stores the content (read to its end) and returns the file's record. */
  public StoredFile store(String name, String contentType, InputStream content) throws IOException {
    String id = UUID.randomUUID().toString();
    MessageDigest sha256 = sha256();
    long size = 0;
    int chunks = 0;
    try (InputStream in = new DigestInputStream(content, sha256)) {
      byte[] chunk;
      while ((chunk = in.readNBytes(CHUNK_BYTES)).length > 0) {
        mongo.insert(new Chunk(chunkId(id, chunks), new Binary(chunk)));
        chunks++;
        size += chunk.length;
      }
    }
    StoredFile file = new StoredFile(id, name, contentType, size, chunks, HexFormat.of().formatHex(sha256.digest()), clock.instant());
    mongo.insert(file);
    return file;
  }

  /** The file a message's reference names, when it is one of OpenLines' own stored files. */
  public Optional<StoredFile> find(String reference) {
    if (!isStored(reference)) {
      return Optional.empty();
    }
    return Optional.ofNullable(mongo.findById(reference.substring(REFERENCE_PREFIX.length()), StoredFile.class));
  }

  /** Whether the reference names a file kept here (not a messenger's own file id or URL). */
  public static boolean isStored(String reference) {
    return reference != null && reference.startsWith(REFERENCE_PREFIX);
  }

  /** The file's content, read chunk by chunk as the caller reads on. */
  public InputStream open(StoredFile file) {
    return new SequenceInputStream(new Enumeration<>() {
      private int next;

      @Override
      public boolean hasMoreElements() {
        return next < file.chunks();
      }

      @Override
      public InputStream nextElement() {
        Chunk chunk = mongo.findById(chunkId(file.id(), next++), Chunk.class);
        if (chunk == null) {
          throw new UncheckedIOException(new IOException("Chunk " + (next - 1) + " of file " + file.id() + " is missing"));
        }
        return new ByteArrayInputStream(chunk.data().getData());
      }
    });
  }

  /** The whole content in memory (for messengers that upload it in one request). */
  public byte[] read(StoredFile file) throws IOException {
    try (InputStream in = open(file)) {
      return in.readAllBytes();
    }
  }

  private static String chunkId(String fileId, int n) {
    return fileId + ":" + n;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
