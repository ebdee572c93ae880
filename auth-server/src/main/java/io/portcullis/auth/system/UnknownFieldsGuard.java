package io.portcullis.auth.system;

import java.util.List;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Nothing a request with an unknown field asked for is committed: a change whose request still holds unreported
 * {@link UnknownFields} is rolled back and answered 400 naming them, even where no other check of the body ran.
 */
final class UnknownFieldsGuard implements TransactionExecutionListener {

    @Override
    public void beforeCommit(TransactionExecution transaction) {
        List<ApiProblem.FieldError> unknown = UnknownFields.take();
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalid(unknown);
        }
    }

}
