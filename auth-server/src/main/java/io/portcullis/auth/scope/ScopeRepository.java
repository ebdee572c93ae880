package io.portcullis.auth.scope;

import org.springframework.data.repository.ListCrudRepository;

public interface ScopeRepository extends ListCrudRepository<Scope, String> {

}
