"""English names of the shipped default indicators, kept apart from the tree's logic.

``scoring.tree`` puts them on the default rows as ``name_en`` and ``eval_point_en``; they are
stored with a round for English mode. Scoring reads only ``TREE_COLUMNS`` and never sees them.
"""

from __future__ import annotations

__all__ = ["TREE_NAMES_EN", "INDIVIDUAL_NAMES_EN"]

# The default common tree (scoring.tree.DEFAULT_COMMON_TREE): code → (name, evaluation point).
TREE_NAMES_EN: dict[str, tuple[str, str | None]] = {
    "A": ("Party leadership and Party management of staffing", None),
    "A1": ("Party management principle", None),
    "A1a": (
        "Approval of major matters",
        "Major staffing matters discussed by the leading Party group and submitted for "
        "approval as prescribed",
    ),
    "A1b": ("Staffing discipline", "Staffing discipline observed, no violations"),
    "A2": ("Implementing major reforms", None),
    "A2a": (
        "Reform tasks implemented",
        "Transfers of duties and mergers under the reform plan completed",
    ),
    "A2b": (
        "Findings rectified and closed",
        "Findings of the previous evaluation and of inspections rectified and closed",
    ),
    "B": ("Performance of functions", None),
    "B1": ('Implementing the "three determinations"', None),
    "B1a": (
        "Main duties covered",
        "Every main duty has a responsible section and results; no gaps or overreach",
    ),
    "B1b": ("Division of duties in key areas", "Clear division of duties in key areas"),
    "B1c": ("Coordination bodies", "Coordination bodies led or joined run properly"),
    "B2": ("Results of performance", None),
    "B2a": ("Annual key tasks", "Completion of the year's key tasks"),
    "B2b": ("Annual assessment grades", "Performance assessment grades of the last three years"),
    "B3": ("Service users' evaluation", None),
    "B3a": ("Service user satisfaction", "Satisfaction of service users"),
    "C": ("Institutional set-up and operation", None),
    "C1": ("Internal bodies", None),
    "C1a": (
        "Set-up of internal bodies",
        'Number, names and ranks of internal bodies match the "three determinations"',
    ),
    "C1b": ("Duties of sections", "Duties reasonably allocated among sections"),
    "C2": ("Affiliated public institutions", None),
    "C2a": (
        "Public-service role of institutions",
        "No administrative functions; a clear public-service role",
    ),
    "C2b": (
        "Institutions' annual reports and performance",
        "Annual reports published; performance up to standard",
    ),
    "C3": ("Internal operation", None),
    "C3a": ("Internal rules and coordination", "Rules, procedures and internal coordination"),
    "C3b": ("Management of common matters", "Management of common matters"),
    "D": ("Use of staffing and leadership posts", None),
    "D1": ("Proper use of staffing", None),
    "D1a": (
        "Compliant use of staffing",
        "No hiring beyond authorized posts, no mixing of post types",
    ),
    "D1b": ("Staffing usage rate", "Staffing usage rate"),
    "D2": ("Leadership posts", None),
    "D2a": ("Leadership posts filled", "No leaders beyond the authorized number or rank"),
    "D2b": (
        "Leadership posts of internal bodies",
        "Leadership posts of internal bodies filled compliantly",
    ),
    "D3": ("Staff structure", None),
    "D3a": ("Age structure", "Age tiers"),
    "D3b": ("Education and specialization", "Education matches the posts' specialization"),
    "D4": ("Staffing and recruitment plan", None),
    "D4a": (
        "Staffing and recruitment plan",
        "3–5-year plan matches retirement peaks and functional needs",
    ),
    "E": ("Efficiency of use", None),
    "E1": ("Workload", None),
    "E1a": (
        "Workload per head vs. peers",
        "Workload per head compared with similar agencies in the province",
    ),
    "E1b": (
        "Workload and staffing change",
        "Change in workload compared with the change in staffing",
    ),
    "E2": ("Staffing benchmarks", None),
    "E2a": (
        "Posts per 10,000 residents vs. peers",
        "Posts per 10,000 residents compared with the median of similar agencies",
    ),
    "E3": ("Internal evaluation", None),
    "E3a": ("Staff evaluation", "Evaluation by the agency's own staff"),
}


# The default individual indicators (DEFAULT_INDIVIDUAL_INDICATORS): code → (name, point).
INDIVIDUAL_NAMES_EN: dict[str, tuple[str, str]] = {
    "X-KJ-1": ("R&D intensity", "Society-wide R&D spending as a share of GDP and its growth"),
    "X-KJ-2": (
        "Growth in high-tech enterprises",
        "Net yearly growth in high-tech enterprises and the work of fostering them",
    ),
    "X-KJ-3": (
        "Commercialization of research results",
        "Value of technology contracts; research results put into practice",
    ),
    "X-KJ-4": (
        "Management of S&T projects",
        "Projects approved, monitored and accepted properly; funds used compliantly",
    ),
    "X-WS-1": (
        "Approval of official travel abroad",
        "Official travel abroad approved by the rules and on time, no irregular approval",
    ),
    "X-WS-2": (
        "Foreign affairs receptions",
        "Major foreign affairs events hosted attentively and safely, without error",
    ),
    "X-WS-3": (
        "International exchange and cooperation projects",
        "Number and results of sister-city exchanges and cooperation projects",
    ),
    "X-FG-1": (
        "Investment completion of key projects",
        "Share of the year's planned investment in municipal key projects completed",
    ),
    "X-FG-2": (
        "Project approval and filing",
        "Investment projects approved and filed on time and by the rules",
    ),
    "X-FG-3": (
        "Planning and implementation",
        "Development plans drawn up on schedule; yearly implementation reviewed",
    ),
    "X-FG-4": (
        "County economic development",
        "Measures and results for the high-quality development of county economies",
    ),
    "X-SP-1": (
        "Cases handled",
        "Government service cases in the year and the change on the year before",
    ),
    "X-SP-2": ("Share of instant approvals", "Matters handled on the spot as a share of all"),
    "X-SP-3": (
        "Shortening of promised time limits",
        "Promised processing times cut below the statutory limits",
    ),
    "X-SP-4": (
        '"Good/bad" review satisfaction',
        'Share of good reviews in government service "good/bad" reviews, and bad reviews put right',
    ),
    "X-SJ-1": (
        "Business registration efficiency",
        "Time to start a business and the share handled online",
    ),
    "X-SJ-2": (
        "Random inspection coverage",
        'Completion and coverage of the "double random, one public" inspection plan',
    ),
    "X-SJ-3": (
        "Handling of complaints and reports",
        "Complaints and reports closed on time; public satisfaction",
    ),
    "X-JY-1": ("Supply of school places", "New school places matched with enrolment demand"),
    "X-JY-2": (
        "Coordination of teacher posts",
        "Coordinated use of school staffing posts and filling of vacancies",
    ),
    "X-JY-3": (
        "Quality of education",
        "Main targets of balanced, high-quality compulsory education achieved",
    ),
}
