package io.portcullis.orders.order;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Listings filter by placer, user and status, each only when given ({@code null}: any). */
interface OrderRepository extends ListCrudRepository<Order, UUID> {

    @Query("""
            SELECT * FROM orders
            WHERE (CAST(:placedBy AS text) IS NULL OR placed_by = CAST(:placedBy AS text))
              AND (CAST(:userId AS uuid) IS NULL OR user_id = CAST(:userId AS uuid))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            ORDER BY created_at, id
            LIMIT :limit OFFSET :offset""")
    List<Order> search(@Nullable String placedBy, @Nullable UUID userId, @Nullable String status, int limit,
            long offset);

    @Query("""
            SELECT count(*) FROM orders
            WHERE (CAST(:placedBy AS text) IS NULL OR placed_by = CAST(:placedBy AS text))
              AND (CAST(:userId AS uuid) IS NULL OR user_id = CAST(:userId AS uuid))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))""")
    long countMatching(@Nullable String placedBy, @Nullable UUID userId, @Nullable String status);

}
