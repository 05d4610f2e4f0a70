from django.db import migrations, models

# "Pelayanan dasar" splits into the three areas an agency answers for. The national
# catalogue's codes are known; a region's own indicator (or a national one added by hand)
# is placed by words of its name, and health where none fits: the regional admin can move
# it in the catalogue form.
NATIONAL = {
    **{code: "pendidikan" for code in ("PLD01", "PLD02", "PLD03", "PLD04", "PLD05", "PLD14")},
    **{code: "kesehatan" for code in ("PLD06", "PLD07", "PLD08", "PLD09")},
    **{code: "infrastruktur_dasar" for code in ("PLD10", "PLD11", "PLD12", "PLD13")},
}
EDUCATION_WORDS = (
    "sekolah", "pendidikan", "murid", "siswa", "guru", "partisipasi", "melek", "paud", "apm",
    "apk",
)
INFRASTRUCTURE_WORDS = (
    "air minum", "sanitasi", "rumah layak", "layak huni", "listrik", "jalan", "irigasi",
    "jamban", "permukiman", "drainase",
)
# Each sub-area has its key indicator on the dashboard, as every area does.
NEW_KEYS = ("PLD04", "PLD11")


def _area_for(indicator):
    if indicator.owner_region_id is None and indicator.code in NATIONAL:
        return NATIONAL[indicator.code]
    name = indicator.name_id.lower()
    if any(word in name for word in EDUCATION_WORDS):
        return "pendidikan"
    if any(word in name for word in INFRASTRUCTURE_WORDS):
        return "infrastruktur_dasar"
    return "kesehatan"


def split_basic_services(apps, schema_editor):
    Indicator = apps.get_model("datahub", "Indicator")
    for indicator in Indicator.objects.filter(area="pelayanan_dasar"):
        indicator.area = _area_for(indicator)
        indicator.save(update_fields=["area"])
    Indicator.objects.filter(owner_region__isnull=True, code__in=NEW_KEYS).update(is_key=True)


def join_basic_services(apps, schema_editor):
    Indicator = apps.get_model("datahub", "Indicator")
    Indicator.objects.filter(
        area__in=("pendidikan", "kesehatan", "infrastruktur_dasar")
    ).update(area="pelayanan_dasar")
    Indicator.objects.filter(owner_region__isnull=True, code__in=NEW_KEYS).update(is_key=False)


class Migration(migrations.Migration):

    dependencies = [
        ('datahub', '0008_near_poor_and_sources_by_level'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicator',
            name='area',
            field=models.CharField(choices=[('kemiskinan', 'Kemiskinan'), ('ketenagakerjaan', 'Ketenagakerjaan'), ('pendidikan', 'Pelayanan dasar: Pendidikan'), ('kesehatan', 'Pelayanan dasar: Kesehatan'), ('infrastruktur_dasar', 'Pelayanan dasar: Infrastruktur dasar'), ('perlindungan_sosial', 'Perlindungan sosial'), ('ekonomi_daerah', 'Ekonomi daerah'), ('keuangan_daerah', 'Keuangan daerah')], max_length=30, verbose_name='bidang'),
        ),
        migrations.RunPython(split_basic_services, join_basic_services),
    ]
