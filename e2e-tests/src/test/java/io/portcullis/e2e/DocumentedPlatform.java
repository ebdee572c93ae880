package io.portcullis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.portcullis.e2e.LocalPlatform.Result;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One platform started by {@code run.sh --detach} for every test class that runs documented commands (the README's
 * quickstart, the admin jobs): started when the first such class asks for it, stopped when the whole test run ends
 * (JUnit closes the root store's {@link AutoCloseable} values). Each start costs over a minute on two cores, so the
 * classes share one rather than starting one each. A test class declares
 * {@code @ExtendWith(DocumentedPlatform.class)} and takes a {@link Started} parameter in its {@code @BeforeAll}.
 */
final class DocumentedPlatform implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DocumentedPlatform.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Started.class;
    }

    @Override
    public Started resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Started.class, (key) -> start(), Started.class);
    }

    private static Started start() {
        // a route setting exported as an operator would (its default value: the tests' behaviour does not change),
        // which the restart scripts must carry (QuickstartEndToEndTests)
        LocalPlatform platform = new LocalPlatform("documented", 17643).with("PORTCULLIS_USERS_BURST", "200");
        try {
            return new Started(platform, platform.start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The shared platform and what its start printed.
     */
    record Started(LocalPlatform platform, Result result) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            this.platform.close();
        }

    }

}
