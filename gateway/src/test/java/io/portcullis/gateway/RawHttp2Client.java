package io.portcullis.gateway;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.portcullis.testsupport.TestPki;

/**
 * An HTTP/2 client over TLS that writes the frames it is told to, however malformed, one stream at a time: for what
 * a real client does only by mistake or on purpose (a body short of its declared length, DATA after the answer).
 */
public final class RawHttp2Client implements AutoCloseable {

    /** What {@link #awaitStatus} returns when the stream was reset instead of answered. */
    public static final int RESET = -1;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final int DATA = 0;

    private static final int HEADERS = 1;

    private static final int RST_STREAM = 3;

    private static final int SETTINGS = 4;

    private static final int GOAWAY = 7;

    private static final int UNKNOWN = 0x20;

    private static final int END_STREAM = 0x1;

    private static final int ACK = 0x1;

    private static final int END_HEADERS = 0x4;

    private final SSLSocket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private final int port;

    /** One for the connection: the server's header blocks refer to what its earlier ones added to the table. */
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    public RawHttp2Client(int port) {
        this.port = port;
        try {
            this.socket = (SSLSocket) TestPki.platform()
                .trustOnlySslContext()
                .getSocketFactory()
                .createSocket("localhost", port);
            SSLParameters parameters = this.socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] { "h2" });
            this.socket.setSSLParameters(parameters);
            this.socket.setSoTimeout(10_000);
            this.socket.startHandshake();
            if (!"h2".equals(this.socket.getApplicationProtocol())) {
                throw new IllegalStateException("the server did not choose h2");
            }
            this.in = new DataInputStream(this.socket.getInputStream());
            this.out = this.socket.getOutputStream();
            this.out.write(PREFACE);
            frame(SETTINGS, 0, 0, new byte[0]);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A request's HEADERS on {@code stream}: its method and path (none when null), then {@code headers} as given. */
    public void headers(int stream, String method, String path, Map<String, String> headers, boolean endStream) {
        Http2Headers block = new DefaultHttp2Headers().method(method)
            .scheme("https")
            .authority("localhost:" + this.port);
        if (path != null) {
            block.path(path);
        }
        headers.forEach((name, value) -> block.add(name.toLowerCase(Locale.ROOT), value));
        ByteBuf encoded = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder().encodeHeaders(stream, block, encoded);
            frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, ByteBufUtil.getBytes(encoded));
        }
        catch (Http2Exception ex) {
            throw new IllegalStateException(ex);
        }
        finally {
            encoded.release();
        }
    }

    public void data(int stream, String bytes, boolean endStream) {
        frame(DATA, endStream ? END_STREAM : 0, stream, bytes.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A DATA frame on {@code stream} followed, in the same write (one TLS record), by a frame of an unknown type
     * carrying {@code ignored} bytes, which the server must ignore (RFC 9113, 5.5).
     */
    public void dataAndIgnored(int stream, String bytes, int ignored) {
        byte[] data = bytes.getBytes(StandardCharsets.UTF_8);
        byte[] record = new byte[9 + data.length + 9 + ignored];
        header(record, 0, data.length, DATA, 0, stream);
        System.arraycopy(data, 0, record, 9, data.length);
        header(record, 9 + data.length, ignored, UNKNOWN, 0, 0);
        write(record);
    }

    /** Cancels {@code stream} (RST_STREAM with CANCEL). */
    public void reset(int stream) {
        frame(RST_STREAM, 0, stream, new byte[] { 0, 0, 0, 8 });
    }

    /** The status of the answer on {@code stream}, or {@link #RESET} when the server reset the stream first. */
    public int awaitStatus(int stream) {
        while (true) {
            Frame frame = read();
            if ((frame.stream() == stream && frame.type() == RST_STREAM) || frame.type() == GOAWAY) {
                return RESET;
            }
            if (frame.stream() == stream && frame.type() == HEADERS) {
                return frame.status();
            }
        }
    }

    /**
     * Reads until the server resets {@code stream} and returns the reset's error code (1 for PROTOCOL_ERROR), or
     * {@link #RESET} when the server ends the connection instead (GOAWAY); fails if neither comes within 10 s.
     */
    public int awaitReset(int stream) {
        while (true) {
            Frame frame = read();
            if (frame.stream() == stream && frame.type() == RST_STREAM) {
                return ((frame.payload()[0] & 0xff) << 24) | ((frame.payload()[1] & 0xff) << 16)
                        | ((frame.payload()[2] & 0xff) << 8) | (frame.payload()[3] & 0xff);
            }
            if (frame.type() == GOAWAY) {
                return RESET;
            }
        }
    }

    /** Reads until the server ends the connection (GOAWAY), and fails if it does not within 10 s. */
    public void awaitGoAway() {
        while (read().type() != GOAWAY) {
            // frames before it are of no interest
        }
    }

    @Override
    public void close() {
        try {
            this.socket.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The status of a response's header block, each block decoded in the order the server sent it. */
    private int status(int stream, byte[] block) {
        ByteBuf encoded = Unpooled.wrappedBuffer(block);
        try {
            CharSequence status = this.decoder.decodeHeaders(stream, encoded).status();
            // trailers have none (a block split over CONTINUATION frames is not read: the gateway sends none)
            return (status != null) ? Integer.parseInt(status.toString()) : 0;
        }
        catch (Http2Exception ex) {
            throw new IllegalStateException(ex);
        }
        finally {
            encoded.release();
        }
    }

    /** Any frame, as given (RFC 9113, 4.1). */
    public void frame(int type, int flags, int stream, byte[] payload) {
        byte[] frame = new byte[9 + payload.length];
        header(frame, 0, payload.length, type, flags, stream);
        System.arraycopy(payload, 0, frame, 9, payload.length);
        write(frame);
    }

    private static void header(byte[] frame, int at, int length, int type, int flags, int stream) {
        frame[at] = (byte) (length >>> 16);
        frame[at + 1] = (byte) (length >>> 8);
        frame[at + 2] = (byte) length;
        frame[at + 3] = (byte) type;
        frame[at + 4] = (byte) flags;
        frame[at + 5] = (byte) (stream >>> 24);
        frame[at + 6] = (byte) (stream >>> 16);
        frame[at + 7] = (byte) (stream >>> 8);
        frame[at + 8] = (byte) stream;
    }

    private void write(byte[] bytes) {
        try {
            this.out.write(bytes);
            this.out.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The next frame; the server's SETTINGS are acknowledged on the way. */
    private Frame read() {
        try {
            int length = (this.in.readUnsignedByte() << 16) | this.in.readUnsignedShort();
            int type = this.in.readUnsignedByte();
            int flags = this.in.readUnsignedByte();
            int stream = this.in.readInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            this.in.readFully(payload);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(SETTINGS, ACK, 0, new byte[0]);
            }
            return new Frame(type, stream, payload, (type == HEADERS) ? status(stream, payload) : 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private record Frame(int type, int stream, byte[] payload, int status) {
    }

}
