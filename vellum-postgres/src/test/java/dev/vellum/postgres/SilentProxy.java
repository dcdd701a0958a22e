package dev.vellum.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between clients and the test database that can go {@linkplain #silence() silent},
 * as a network split does: connections stay open, no reset and no end of stream reaches either side,
 * and nothing is forwarded until it {@linkplain #restore() comes back}; then what waited (in the
 * proxy and the kernels' buffers) goes on in order, as TCP resends it after a split heals. A client
 * that connects meanwhile gets its TCP connection (the kernel accepts it) and no answer.
 */
final class SilentProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean silent;
    private volatile boolean closed;

    /** A proxy on a free loopback port forwarding to {@code host:port}. */
    SilentProxy(String host, int port) {
        this.target = new InetSocketAddress(host, port);
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("silent-proxy-accept").start(this::accept);
    }

    /** A proxy in front of the test database, whose port it reads from {@code jdbcUrl}. */
    static SilentProxy inFrontOf(String jdbcUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("//([^:/]+):(\\d+)/").matcher(jdbcUrl);
        if (!m.find()) {
            throw new IllegalArgumentException("no host and port in " + jdbcUrl);
        }
        return new SilentProxy(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** {@code jdbcUrl} (as {@link TestDatabase#jdbcUrl()} gives it) pointed at this proxy instead. */
    String url(String jdbcUrl) {
        return jdbcUrl.replaceFirst("//[^:/]+:\\d+/", "//" + server.getInetAddress().getHostAddress() + ":"
                + server.getLocalPort() + "/");
    }

    /** Stops forwarding anything, in both directions, keeping every connection open. */
    void silence() {
        silent = true;
    }

    /** Forwards again, starting with what waited. */
    void restore() {
        synchronized (gate) {
            silent = false;
            gate.notifyAll();
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (silent && !closed) {
                gate.wait();
            }
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().name("silent-proxy-connect").start(() -> connect(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        try {
            awaitOpen();
            Socket upstream = new Socket();
            sockets.add(upstream);
            upstream.connect(target, 5_000);
            Thread.ofVirtual().name("silent-proxy-up").start(() -> pump(client, upstream));
            Thread.ofVirtual().name("silent-proxy-down").start(() -> pump(upstream, client));
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    /** Copies {@code from} to {@code to}, holding each chunk (and the end of the stream) while silent. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                awaitOpen();
                out.write(buffer, 0, n);
                out.flush();
            }
            awaitOpen();
            to.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            closeQuietly(from); // one side reset or closed: end both, as a peer's reset would
            closeQuietly(to);
        }
    }

    private static void closeQuietly(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops accepting and closes every connection it forwards. */
    @Override
    public void close() {
        closed = true;
        restore();
        closeQuietly(server);
        sockets.forEach(SilentProxy::closeQuietly);
    }
}
