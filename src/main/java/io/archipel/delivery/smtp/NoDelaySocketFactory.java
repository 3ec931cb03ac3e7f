package io.archipel.delivery.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets with TCP_NODELAY for the SMTP connections. Jakarta Mail writes a command, then waits for the reply; with
 * Nagle's algorithm on, the small last segment of a message waits for the server's delayed ACK (~40 ms), which caps a
 * connection at ~23 messages per second on loopback. Set as {@code mail.smtp.socketFactory} (plain and STARTTLS: the
 * TLS layer then wraps this socket) or, for TLS from the first byte, {@link Ssl} as
 * {@code mail.smtp.ssl.socketFactory}.
 */
final class NoDelaySocketFactory extends SocketFactory {

    static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    /** The last sockets made (tests check that they really have TCP_NODELAY). */
    private static final Deque<Socket> RECENT = new ArrayDeque<>();
    private static final int KEEP = 64;

    private NoDelaySocketFactory() {
    }

    static List<Socket> recentSockets() {
        synchronized (RECENT) {
            return List.copyOf(RECENT);
        }
    }

    private static Socket remember(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
        synchronized (RECENT) {
            RECENT.addLast(socket);
            while (RECENT.size() > KEEP) {
                RECENT.removeFirst();
            }
        }
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return remember(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    /** TLS from the first byte over a TCP_NODELAY socket. */
    static final class Ssl extends SSLSocketFactory {

        private final SSLSocketFactory delegate;

        Ssl(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        static Ssl defaults() {
            return new Ssl((SSLSocketFactory) SSLSocketFactory.getDefault());
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
            plain.setTcpNoDelay(true);
            return delegate.createSocket(plain, host, port, autoClose);
        }

        @Override
        public Socket createSocket() throws IOException {
            return remember(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(INSTANCE.createSocket(host, port), host, port, true);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(INSTANCE.createSocket(host, port, localHost, localPort), host, port, true);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return createSocket(INSTANCE.createSocket(host, port), host.getHostName(), port, true);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return createSocket(INSTANCE.createSocket(address, port, localAddress, localPort), address.getHostName(),
                    port, true);
        }
    }
}
