import time

from django.core.management.base import BaseCommand, CommandError

from tiers import synthetic


class Command(BaseCommand):
    help = (
        "Generate synthetic records (marked as such) at realistic volumes, for benchmarks and "
        "tests. The seed records are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commitments", type=int, default=1000)
        parser.add_argument("--statements", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same records.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier synthetic records first."
        )

    def handle(self, *args, commitments, statements, seed, replace, **options):
        if commitments < 1 or statements < 0:
            raise CommandError("--commitments must be at least 1 and --statements at least 0")
        if replace:
            synthetic.delete_synthetic()
        elif synthetic.Source.objects.filter(key=synthetic.MARKER_KEY).exists():
            raise CommandError(
                "Synthetic records already exist; pass --replace to regenerate them."
            )
        started = time.perf_counter()
        counts = synthetic.generate(commitments, statements, seed=seed)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Generated {counts.actors} actors, {counts.sources} sources, "
            f"{counts.memberships} memberships, {counts.commitments} commitments, "
            f"{counts.status_changes} status changes, {counts.figures} figures and "
            f"{counts.statements} statements "
            f"in {elapsed:.1f} s."
        )
