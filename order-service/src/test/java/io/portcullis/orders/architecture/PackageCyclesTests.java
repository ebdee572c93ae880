package io.portcullis.orders.architecture;

import io.portcullis.testsupport.PackageCycles;
import org.junit.jupiter.api.Test;

/** The order-service's packages import each other without cycles (the rule: {@link PackageCycles}, shown to catch one there). */
class PackageCyclesTests {

    @Test
    void packagesWhenImportedThenFreeOfCycles() {
        PackageCycles.assertNoneBelow("io.portcullis.orders");
    }

}
