package io.portcullis.users.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies: a declared length over the limit is refused at once with 413; a chunked body is cut off
 * when it passes the limit, which the JSON reader reports and {@link ProblemHandler} answers with 413.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

    static final int MAX_BYTES = 16 * 1024;

    static boolean isTooLarge(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLargeException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                        + "\"detail\":\"The request body is larger than " + MAX_BYTES + " bytes\"}");
            return;
        }
        chain.doFilter(new LimitedRequest(request), response);
    }

    static final class TooLargeException extends IOException {

        TooLargeException() {
            super("request body larger than " + MAX_BYTES + " bytes");
        }

    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (this.stream == null) {
                this.stream = new LimitedStream(super.getInputStream());
            }
            return this.stream;
        }

    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream delegate;

        private long read;

        LimitedStream(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int value = this.delegate.read();
            if (value >= 0) {
                count(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = this.delegate.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) throws TooLargeException {
            this.read += bytes;
            if (this.read > MAX_BYTES) {
                throw new TooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return this.delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.delegate.setReadListener(listener);
        }

    }

}
