package dev.openlines.workflow.embedded.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Stores documents in the MVStore as BSON, the form they arrive in over the wire. The H2 backend's
 * default {@code ObjectDataType} uses Java serialization, which was 13 % of the CPU at 50
 * conversations/s and makes every stored document about twice as large.
 */
final class BsonDocumentType extends BasicDataType<Document> {

  static final BsonDocumentType INSTANCE = new BsonDocumentType();

  /**
   * One encoding buffer per writing thread (the committer, MVStore's background writer). A commit writes
   * whole pages, so it encodes every document of each changed page; a fresh buffer per document, grown
   * by doubling from 256 bytes, was a fifth of the store's allocations under load.
   */
  private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(16 * 1024));

  /** A buffer grown beyond this by one large document is not kept for the next one. */
  private static final int LARGEST_KEPT_BUFFER = 1024 * 1024;

  private BsonDocumentType() {}

  @Override
  public int getMemory(Document document) {
    // Only an estimate for the page cache: a rough size per top-level field beats encoding again.
    return 64 + 48 * document.size();
  }

  @Override
  public void write(WriteBuffer out, Document document) {
    ByteBuf buffer = ENCODING.get().clear();
    try {
      BsonEncoder.encodeDocument(document, buffer);
      out.put(buffer.nioBuffer());
    } finally {
      if (buffer.capacity() > LARGEST_KEPT_BUFFER) {
        ENCODING.remove();
      }
    }
  }

  @Override
  public Document read(ByteBuffer in) {
    // A BSON document starts with its own length (int32, little endian), including those 4 bytes.
    int length = Integer.reverseBytes(in.getInt(in.position()));
    ByteBuf buffer = Unpooled.wrappedBuffer(in.slice(in.position(), length));
    in.position(in.position() + length);
    return BsonDecoder.decodeBson(buffer);
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }
}
