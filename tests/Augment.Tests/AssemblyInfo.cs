// Tests count live native Mats process-wide (MatScope.Live), so they must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
