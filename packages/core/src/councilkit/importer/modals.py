"""The words a reading looks for in a sentence: modal verbs ("must", "may not", "should"),
negatives, conditions and exceptions, hedges, examples, subjects and pronouns, as patterns over the
sentence in lower case (``lower``).  :mod:`councilkit.importer.reading` reads rules with them.
"""

from __future__ import annotations

import re

# The patterns below read a sentence in lower case (see ``lower``), which is quicker than
# ignoring case, and keeps every position the same as in the sentence as printed.
_NEGATIVE = (r"must not|must never|shall not|shall never|should not|should never|ought not to|may not|cannot|"
             r"can ?not|can't|will not|will never|won't|is not to|are not to|(?:is|are) not (?:permitted|allowed|entitled) to|"
             r"(?:is|are) prevented(?: by law)? from|(?:has|have) no (?:authority|power|right) to|"
             r"(?:should|must) (?:avoid|refrain from)")
_PERMIT = (r"may|can|(?:is|are) (?:entitled|permitted|allowed) to|(?:will (?:always )?)?(?:has|have) the option of|"
           r"(?:has|have) the (?:ability|authority|power|right) to")
_REQUIRE = (r"must|shall|(?:is|are) required to|(?:is|are) expected to|will need to|"
            r"(?:has|have) a duty to|(?P<is_to>is to|are to)|(?<!that )(?<!which )(?<!who )(?<!it )(?<!this )(?<!these )(?<!there )(?P<will>will(?: always)?)")
#: "should be careful not to prejudice ...": a caution, advice against the act
_ADVISE = r"(?P<careful>(?:should|must) (?:be careful|take care) not to)|should|ought to"
#: a modal verb, unless passive ("must be read", "must only be used") or about expectations
#: ("can expect", "should not expect": the curated councils carry those as [[expectation]]s)
_MODAL = re.compile(rf"(?<![\w'])(?:(?P<neg>{_NEGATIVE})|(?P<permit>{_PERMIT})|(?P<require>{_REQUIRE})|"
                    rf"(?P<advise>{_ADVISE}))(?![\w'])"
                    r"(?!\s+(?:not\s+)?(?:\w+ly\s+)?(?:be(?!\s+able\s+to\b|\s+involved\s+in\s+\w+ing\b)|expect)\b)")
#: the words a modal verb starts with
_MODAL_START = re.compile(r"(?<![\w'])(?:must|shall|should|ought|may|can|will|won|(?:is|are) (?:not|to|required|expected|"
                          r"entitled|permitted|allowed|prevented)|(?:has|have) (?:no|a duty|the))")
_NO_SUBJECT = re.compile(r"\b(?:no|neither|nor|never)\b")
#: "must never fail to advise": two negatives make a duty
_DOUBLE_NEGATIVE = re.compile(r"^\s*(?:\w+ly\s+)?(?:fail|neglect|omit)\s+to\b")
#: both parties named before ("Members and Officers ... neither party should")
_BOTH = re.compile(r"\b(?:neither party|neither side|neither|both parties|both|each other|one another)\b")
#: words that make a sentence conditional or give an exception: a reading with one of these is
#: live only when the condition was recognised as one of the action's facts
_CONDITIONAL = re.compile(r"\b(?:unless|except|excepting|other than|provided that|providing that|"
                          r"provided(?= (?:it|they|this)\b)|(?<!be )subject to|if|"
                          r"where|when|whenever|without|save that|save where|in the case of|only)\b")
#: "there are no circumstances where ... can": a prohibition, not a condition
_NO_CIRCUMSTANCES = re.compile(r"\b(?:no|any) (?:circumstances?|situation|occasion) (?:where|in which|when)\b")
#: "subject to 2.6 below": another clause, which carries its own norms, not a condition
_CROSS_REFERENCE = re.compile(r"\bsubject to (?:clause |paragraph |section )?\d+(?:\.\d+)*(?:\([a-z0-9]+\))?"
                              r"(?: (?:below|above))?")
#: an aside in brackets whose condition qualifies what the bracket says, not the norm: "will assist members
#: in their media relations (on a confidential basis if requested)"
_BRACKETED_CONDITION = re.compile(r"\((?![^()]*\b(?:unless|except|excepting|other than|save|only)\b)[^()]*"
                                  r"\b(?:if|when|where|whenever)\b[^()]*\)")
#: a ban whose exceptions are the list that follows: "... for purposes not related to Council business
#: except that:"
_EXCEPT_LIST = re.compile(r"\b(?:except|excepting|save|other than)(?: that| as follows| in the following cases| for| where| when)?"
                          r"\s*[:–—-]?\s*$")
#: where a qualifier starts: a word that introduces a condition, an exception, or a phrase that
#: may name one of the action's facts ("outside the agreed procedures", "in public")
_EXCEPTIVE = r"unless|except(?: where| when| to| for)?|excepting|other than(?: where| when)?|save(?: where| that)?"
_QUALIFIER = re.compile(
    rf"(?<![\w'])(?:(?P<exception>{_EXCEPTIVE})|(?P<condition>if|where|when|whenever|provided that|providing that|provided(?= (?:it|they|this)\b)|"
    r"so long as|as long as|in the case of|relating to|related to|in relation to|concerning|in which|acting|who|"
    r"which|that|outside|within|through|in|on|for|by|of|so|as))(?![\w'])"
)
_OR = re.compile(r"\bor\b")
#: a clause that grants something before the rule, and is no condition of it: "Whilst the Council has a
#: Scheme of Delegation allowing the Town Clerk to ... without recourse to the Council, no member is to"
_CONCESSIVE = re.compile(r"\W*(?:whilst|while|although|though|even though|despite)\b[^,;]*,")
#: where a qualifier may end
_STOPS = re.compile(r"[,;:()]|\s[-–]\s")
#: "e.g. about personal employment matters or budgetary matters": examples, not conditions
_EXAMPLE = re.compile(r"\b(?:e\.g\.|eg\b|for example|for instance|such as)(?:\s+(?!provided\b|must\b|should\b|shall\b|"
                      r"may\b|will\b|can\b|is\b|are\b|has\b|have\b)[^\s,;:()]+){1,8}")
#: qualifiers the text does not define: the rule holds, but it is open to argument
_HEDGE = re.compile(r"\b(?:normally|usually|generally|in general|in most cases|ordinarily|as a rule)\b")
#: modals a live reading may rest on (not "can", "will", "is to": too often description)
_FIRM = re.compile(r"^(?:must|shall|should|may|may not|must not|must never|shall not|should not|should never|cannot|"
                   r"can not|is not to|are not to|(?:should|must) (?:avoid|refrain from)|(?:is|are) required to|"
                   r"(?:is|are) expected to|(?:has|have) a duty to|"
                   r"(?:is|are) (?:entitled|permitted) to|(?:has|have) no (?:authority|power|right) to|"
                   r"(?:is|are) prevented(?: by law)? from|(?:is|are) not (?:permitted|allowed|entitled) to|"
                   r"will|will always|will not|will never|will always have the option of|will have the option of|"
                   r"(?:should|must) (?:be careful|take care) not to)$")
#: words that join roles named together ("Members and Officers", "officers/staff", "the Clerk or the
#: Chairman"), so they are one group
_JOINT = re.compile(r"\s*(?:,|and|or|nor|&|/|and/or|and the|or the|, the|and all|and any|and other|or other|"
                    r"or any)?\s*(?:the\s+|their\s+|other\s+|any\s+|all\s+)?")
#: words that may stand before a subject at the start of a sentence ("A", "Any", "However, all")
_SUBJECT_START = re.compile(r"^\W*(?:(?:however|therefore|accordingly|equally|similarly|also|and|but|so),?\s+)?"
                            r"(?:(?:a|an|the|any|all|each|every|no|individual|elected|other|such)\s+)*$")
#: "respect the impartiality of Officers and must not ask": the role before "and" is the first verb's
#: object, not the second's subject
_CONJUNCTION = re.compile(r"\b(?:and|or|but|nor)\b")
#: an aside between a subject and its verb: ", once elected,"
_ASIDE = re.compile(r"\s*,[^,;:.]{1,40},\s*")
#: a subject's qualifier: "A Councillor acting as an individual cannot", "Any officer assisting a
#: member ... must"
_SUBJECT_QUALIFIER = re.compile(r"^\s*(?:acting|who|which|that|whose|when|whilst|while|[a-z]+ing|[a-z]+ed)\b")
#: a stem that a list's items complete: "Officers can expect from Councillors:", "What officers should
#: not expect from members"
_EXPECT_STEM = re.compile(r"\b(?P<neg>should not|cannot|can ?not|must not|do not)?\s*(?:can|may|will|should|are "
                          r"entitled to)?\s*(?:reasonably\s+)?expect\b")
#: list items under an expectation: "Not to be bullied", "not to have personal issues raised with them
#: by Officers"
_NOT_TO = re.compile(r"^\W*not to (?:be|have)\b")
_ITEM_MODAL = re.compile(r"(?<![\w'])will not(?![\w'])")
_BY = re.compile(r"\bby\s+(?:the\s+|an?\s+|any\s+)?$")
#: what "should avoid" avoids when it is a noun, up to what it says of it ("any close personal
#: familiarity", not "that could give rise to the suspicion of bias")
_AVOID_NOUN = re.compile(r"\s*(?!\w+ing\b)[^,;.]*?(?=\s+(?:that|which|who|as|because|since)\b|[,;.]|$)")
#: "It is not the role of Councillors to involve themselves ...", "it is never the role of an officer
#: to criticise": forbids
_ROLE_OF = re.compile(r"\bit is (?:not|never) (?:the |a |part of the |any part of the )?(?:role|job|function|"
                      r"place|business|responsibility) of\b")
_TO = re.compile(r"\s+to\b")
#: what may stand between two verbs that share a subject: "Councillors must respect these obligations,
#: must not obstruct ..."; "should not pressurise the officer ..., nor victimise"
_ELLIPSIS = re.compile(r"[^.;:]*?(?:,|\band\b|\bor\b|\bnor\b|\bbut\b)\s*(?:also\s+)?")
#: an act ruled out with nobody named: "Harassment and bullying is not acceptable", "Close personal
#: familiarity should be avoided", "zero tolerance for harassment and bullying"
_UNACCEPTABLE = re.compile(r"^\W*(?P<act>[^,;:]+?)\s+(?P<verb>(?:is|are) (?:not acceptable|unacceptable|not tolerated|"
                           r"prohibited|forbidden|not permitted|not allowed)|(?:should|must|shall) be avoided|"
                           r"(?:will|shall) not be tolerated)\b|(?P<verb2>zero tolerance) (?:for|of|towards) "
                           r"(?P<act2>[^,;:.]+)")
_EVERYONE = re.compile(r"\b(?:every person|everyone|everybody|all persons|all people|anyone)\b")
#: a caution: what an act "can confuse", "is incompatible with"
_CAUTION = re.compile(r"\b(?:can|could|may|might|will|is likely to|are likely to)\s+(?:\w+\s+)?(?:confuse|create|give "
                      r"rise|get in the way|undermine|damage|harm|lead to|cause|compromise)\b|"
                      r"\b(?:is|are) (?:\w+\s+)?(?:incompatible|inconsistent) with\b|"
                      r"\bis not (?:considered )?(?:recommended|advisable|good practice|appropriate)\b")
#: what a ban keeps others from suspecting: "should be avoided as it can create suspicion that an employee
#: favours that Councillor", "should not be such as to create public suspicion that ..."
_SUSPICION = re.compile(r"\b(?:suspicion|perception|impression|appearance)\s+(?:in others\s+|among others\s+)?that\s+"
                        r"(?:an?|the|any|one|some)?\s*")
_BAN_BEFORE = re.compile(r"\b(?:should|must|shall) (?:not|never)\b|\b(?:should|must|shall) be avoided\b|\bavoid\b")
#: a condition put on the act just granted: "Such requests must be reasonable"
_SUCH = re.compile(r"^\W*(?:such|these|those|any such|all such) (?P<noun>[a-z]+) (?:must|shall|should) (?:always )?be "
                   r"(?P<cond>[^,;.]+?)(?=\s*(?:[,;.]|\band\b|$))")
#: "which they must be allowed to discharge": others must not stand in the way
_ALLOWED = frozenset(["allowed", "permitted", "enabled"])
#: "will only exceptionally be involved", "should rarely": advice that the act be rare
_RARELY = re.compile(r"\s*(?:only\s+(?:exceptionally|rarely|in exceptional circumstances)|rarely|seldom)\b\s*")
#: "be careful not to prejudice the Council's position in relation to disciplinary procedures or employment
#: matters": what the caution is about
_IN_RELATION_TO = re.compile(r"\b(?:in relation to|in respect of|with regard to|regarding|concerning)\s+")
#: "must not be involved in advising": the act is the verb after it
_INVOLVED_IN = re.compile(r"\s*(?:be|become|becoming|get|getting)\s+involved\s+in\s+(?=\w+ing\b)")
#: what a role is given for a purpose: "Members are provided with ICT equipment and support services ... to
#: enable them to better perform their ... role as Councillors" lets them use it for that
_PROVIDED_WITH = re.compile(r"\s+(?:is|are|will be|shall be)\s+(?:\w+ly\s+)?(?:provided|supplied|issued|equipped)\s+with\s+"
                            r"(?P<thing>.+?)\s+(?:to enable|to allow|to help|to assist|so as to enable|in order to enable)"
                            r"\s+(?:them|him|her|him or her)\s+(?:to\s+)?(?P<purpose>[^.;]+)")
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?")
#: "... for close personal, or any financial, relationships to develop between ...": the act
_FOR_TO = re.compile(r"\bfor\s+(?P<act>[^.;]+?)\s+to\s+\w+\s+(?=between\b)")
#: the verb right before the role it is done to: "pressure the Town Clerk"
_DIRECT = re.compile(r"\s*(?:\w+ly\s+)?(?:seek to\s+|try to\s+)?(?!(?:by|to|for|with|of|in|on|from|as)\b)\w+\s+"
                     r"(?:the|a|an|any|their|his|her)?\s*")
#: a passive verb: "may be asked ... by", "must only be used", "must not be disclosed", "are not to be shared"
_PASSIVE = re.compile(r"\b(?P<modal>must|shall|should|may|can|(?:is|are)(?=\s+(?:not\s+)?to\s+be\b))\s+"
                      r"(?P<not>not\s+|never\s+)?(?:to\s+)?(?P<only>only\s+)?be\s+"
                      r"(?:\w+ly\s+)?(?P<part>[a-z]+(?:ed|en)|made|sought|told|put|kept|held|brought|done)\b")
#: the one a thing was given to, who is the one a passive rule binds ("provided to Councillors")
_PROVIDED_TO = re.compile(r"\b(?:provided|given|supplied|issued|lent|made available)\s+(?:to|for)\s+(?:the\s+|a\s+|an\s+|"
                          r"any\s+|all\s+)?$")
#: a pronoun for the one the act is done to: "must not ask them to undertake work"
_THEM = re.compile(r"\s*(?:\w+\s+){0,2}?(?:them|him|her|him or her|him/her)\b")
#: a pronoun just before the verb, standing for the subject before it
_PRONOUN = re.compile(r"\b(?:they|he|she|he or she|he/she|s/he)\s+$")
#: "you" as the subject of the verb after it
_YOU = re.compile(r"\byou\s+(?:\w+ly\s+)?$")
_YOU_NEAR = re.compile(r"[\s,]+(?:[\w-]+\s+){0,6}?you\b")


def modals(low: str) -> list[re.Match[str]]:
    """The modal verbs of a sentence (see ``_MODAL``), tried only where one may start: quicker than
    letting the whole pattern try every position."""
    out: list[re.Match[str]] = []
    end = 0
    for start in _MODAL_START.finditer(low):
        if start.start() < end:
            continue
        m = _MODAL.match(low, start.start())
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def lower(text: str) -> str:
    """``text`` in lower case, character for character (so positions match the text as printed)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
#: "will treat it as strictly confidential": must not disclose it
_TREAT_CONFIDENTIAL = re.compile(r"\b(?P<modal>must|shall|should|will|are to|is to)\s+(?:always\s+|\w+ly\s+)?treat\s+"
                                 r"(?P<what>[^.;,]{1,60}?)\s+as\s+(?:being\s+)?(?:strictly\s+|wholly\s+)?confidential\b")
#: "identify the purpose for which they require information": who asks for what
_PURPOSE_FOR = re.compile(r"\bpurposes? for which (?:they|he or she|he|she|the \w+|\w+) (?:require|need|request|seek|want)s? "
                          r"(?:the |any |such )?(?P<what>[a-z ]{2,40}?)(?=[.,;)]|$| (?:and|or|is|are)\b)")
#: "Those purposes may only be in connection with the members' duties ...": the purpose named before,
#: limited
_LIMITED_PURPOSE = re.compile(r"^\W*(?:those|these|such|the|their|its) purposes? (?:may|must|should|can|shall|are to|is to) "
                              r"only be (?P<cond>[^.]+)")
#: "group meetings", "group briefings": a political group's
_GROUP_MEETING = re.compile(r"\b(?:party |political )?group (?:meetings?|briefings?|discussions?)\b")
#: "It is not usually considered good practice for officers to attend such briefings alone": advice against
_NOT_GOOD_PRACTICE = re.compile(r"\bit is not (?:usually |generally |normally |always )?(?:considered |regarded as |seen as |"
                                r"thought )?(?:to be )?(?:good|best|sound) practice for\s")
#: "Many officers ... are willing to be contacted by members at home outside normal working hours, but this
#: step should only be taken in cases of genuine importance or urgency or by prior arrangement"
_WILLING = re.compile(r"\s(?:are|is) (?:\w+ly |often )?(?:willing|happy|prepared|content) to be (?P<act>\w+ed\b[^,;]*?)"
                      r",? but (?:this|that|such)(?: \w+)? (?:should|must|may|can|is to) only (?:be \w+ )?"
                      r"(?:in cases of|in the case of|where|when|if|for) (?P<cond>[^.;]+)")
#: "Advice by officers/staff must be confined to council business": who gives what, and what it is kept to
_CONFINED = re.compile(r"^\W*(?P<noun>advice|information|support|assistance|help)\s+(?:given\s+|provided\s+|offered\s+)?by\s+"
                       r"(?P<who>[^,;.]{2,60}?)\s+(?:must|should|shall|is to|will)\s+(?:only\s+)?be\s+(?:confined|limited|"
                       r"restricted)\s+to\s+(?P<what>[^,;.]+?)(?=\s+and\s|[,;.]|$)")
#: "there may be occasions when a member prepares a report": what someone may do
_OCCASIONS = re.compile(r"\bthere (?:may|might|can|will) (?:also )?be (?:occasions|times|cases|circumstances) (?:when|where|in which)\s+")
#: "when a request by a member for information is refused": a refusal the text allows for
_REFUSED = re.compile(r"\b(?:when|where|if|in which) (?:a|any|the) (?P<what>request|application) (?:by|from) (?P<who>[^,;.]{2,40}?) "
                      r"for (?P<thing>[^,;.]{2,40}?) (?:is|has been|was) (?:refused|declined|turned down)\b")
#: "Information about disciplinary ... processes are one of the exceptions to the rights of members to access
#: information": what a right does not cover
_EXCEPTION_TO_RIGHT = re.compile(r"^\W*(?P<thing>[^;]+?)\s+(?:is|are)\s+(?:one of the |an |the |among the )?exceptions?\s+to\s+"
                                 r"(?:the\s+)?rights?\s+of\s+(?P<who>[^;]+?)\s+to\s+(?P<verb>access|obtain|receive|see|have|"
                                 r"inspect)\s+(?P<what>[^.;]+)")
#: "without political bias or favour": favouring no one
_WITHOUT_FAVOUR = re.compile(r"\bwithout (?:any )?(?:political |personal |undue )?(?:bias,? or |fear or )?(?:favour|favouritism)\b")
