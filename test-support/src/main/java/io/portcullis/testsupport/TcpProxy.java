package io.portcullis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a local port in front of a real server (PostgreSQL, Redis) that a test can {@link #cut()} — every
 * open connection is reset and new ones are refused, as when the server crashes — and {@link #restore()} on the
 * same port, without touching the server other tests share.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private final int port;

    private volatile ServerSocket listener;

    public TcpProxy(String targetHost, int targetPort) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = listen(0);
        this.port = this.listener.getLocalPort();
    }

    public int port() {
        return this.port;
    }

    /** Resets every relayed connection and refuses new ones. */
    public synchronized void cut() {
        ServerSocket current = this.listener;
        this.listener = null;
        if (current != null) {
            closeQuietly(current);
        }
        for (Socket socket : this.open) {
            try {
                // RST rather than FIN, as a crashed server's kernel answers
                socket.setSoLinger(true, 0);
            }
            catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(socket);
        }
        this.open.clear();
    }

    /** Accepts connections again on the same port. */
    public synchronized void restore() {
        if (this.listener == null) {
            this.listener = listen(this.port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread.ofVirtual().name("tcp-proxy-" + socket.getLocalPort()).start(() -> accept(socket));
            return socket;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void accept(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(this.target, 2000);
                }
                catch (IOException ex) {
                    closeQuietly(client);
                    continue;
                }
                this.open.add(client);
                this.open.add(server);
                Thread.ofVirtual().start(() -> pipe(client, server));
                Thread.ofVirtual().start(() -> pipe(server, client));
            }
            catch (IOException ex) {
                // closed by cut()
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ignored) {
            // either side went away
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
            this.open.remove(from);
            this.open.remove(to);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        }
        catch (IOException ignored) {
            // already closed
        }
    }

}
